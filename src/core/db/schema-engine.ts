import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's native schema-engine binary is downloaded from Prisma's host, which many machines cannot
// reach. The WASM build of the same engine runs in-process on a driver adapter. Its package entry
// imports a .wasm file as an ES module, which Node 20 refuses, so it is instantiated by hand here.

// TypeScript's ES libs do not declare the WebAssembly global that Node provides; this is the part used here.
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, unknown>): Promise<{ exports: Record<string, unknown> }>;
  Module: { imports(module: object): { module: string }[] };
};

let glue: Promise<typeof import('@prisma/schema-engine-wasm')> | undefined;

async function loadGlue(): Promise<typeof import('@prisma/schema-engine-wasm')> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bg = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<string, unknown> &
    typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: unknown): void };
  const module = await WebAssembly.compile(await readFile(join(pkgDir, 'schema_engine_bg.wasm')));
  const importModule = WebAssembly.Module.imports(module)[0]?.module ?? './schema_engine_bg.js';
  const instance = await WebAssembly.instantiate(module, { [importModule]: withUnrefTimers(bg) });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bg;
}

/**
 * The engine arms 10-second timers it never clears; unref'd, they no longer hold a finished CLI run open
 * for ten seconds.
 */
function withUnrefTimers(glueModule: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(glueModule).map(([name, value]) => {
      if (!name.startsWith('__wbg_setTimeout') || typeof value !== 'function') return [name, value];
      return [
        name,
        (...args: unknown[]) => {
          const timer = value(...args);
          timer?.unref?.();
          return timer;
        },
      ];
    }),
  );
}

export async function openSchemaEngine(
  schema: { path: string; content: string },
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  glue ??= loadGlue();
  const { SchemaEngine } = await glue;
  return SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
