// `npm run build`, and `npm ci` / `npm install` through `prepare`: compiles src/ (the Prisma client that
// postinstall generated included) to dist/, which bin/tubepilot.js and `npm start` run with plain node.
// Compiling on every start cost seconds of CPU; this costs about one, once.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const src = join(root, 'src');
const dist = join(root, 'dist');
// Built aside and moved into place at the end, so a failed or concurrent build never leaves half a dist/.
const staging = join(root, `dist.building-${process.pid}`);
// Taken before reading src/, so a file saved during the build counts as newer than it (bin/launch.js).
const started = new Date();

// esbuild, resolved from tsx (a dependency, which ships it): the compiler that ran the TypeScript under tsx,
// so the compiled code behaves as before. It strips types file by file; type checking is `npm run check`.
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx'))('esbuild');

// Packages made of many small ES modules, each loaded as one bundled file (dist/vendor/<name>.js): resolving,
// reading and compiling zod's ~100 modules cost a CLI command about 0.065 s CPU, bundled 0.026 s. The value is
// what the bundle exports: what src/ imports of the package.
const vendored = {
  zod: "export * from 'zod';",
};
// zod bundles its error messages in ~50 languages (`z.locales`), half of its bundle: parsing them cost every
// process ~0.015 s CPU. src/ never sets a locale, so the bundle keeps the English messages, zod's default, alone.
const englishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, ({ path }) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(path),
    }));
  },
};
// Prisma's runtime for Node is CommonJS, which an ES module imports only after scanning its 200 kB for export
// names (0.09 s CPU); the package's ES build of the same runtime loads in 0.03 s. Every import of it is
// rewritten, so one copy is loaded.
const rewritten = { '@prisma/client/runtime/client': '@prisma/client/runtime/client.mjs' };
// The generated client imports its query compiler's WebAssembly as a 4.6 MB JavaScript module holding it in
// base64, then decodes it: parsing that module cost every process's first query ~0.03 s CPU. It is decoded
// here once instead (dist/vendor/<name>.wasm) and imported through a module that reads the bytes. Its `wasm`
// export is then a Buffer, which the client's Buffer.from(wasm, 'base64') copies as it is (the encoding only
// applies to strings).
const QUERY_COMPILER_WASM = /^@prisma\/client\/runtime\/(query_compiler_\w+\.\w+)\.wasm-base64\.mjs$/;
const queryCompilers = new Set();

/**
 * Still one output file per source: in bundle mode every import stays external (as written), which lets the
 * imports above be redirected.
 */
const importsAsBuilt = {
  name: 'imports-as-built',
  setup(build) {
    build.onResolve({ filter: /.*/ }, ({ path, importer, kind }) => {
      if (kind === 'entry-point') return undefined;
      const compiler = path.match(QUERY_COMPILER_WASM)?.[1];
      if (compiler) queryCompilers.add(compiler);
      if (Object.hasOwn(vendored, path) || compiler) {
        const fromDir = dirname(relative(src, importer));
        const target = relative(fromDir, join('vendor', `${compiler ? `${compiler}.wasm` : path}.js`)).replaceAll(
          '\\',
          '/',
        );
        return { path: target.startsWith('.') ? target : `./${target}`, external: true };
      }
      return { path: rewritten[path] ?? path, external: true };
    });
  },
};

const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.d.ts'),
);
const entryPoints = sources.map((file) => join(src, file));
// Every directory of src/, for the launcher (bin/launch.js): a file added to one since the build moves its mtime.
const directories = [
  '.',
  ...readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => relative(src, join(entry.parentPath, entry.name))),
];
// What each source held when built: a file rewritten unchanged (prisma generate, git checkout) is not stale.
const hashes = Object.fromEntries(
  sources.map((file) => [
    file,
    createHash('sha1')
      .update(readFileSync(join(src, file)))
      .digest('hex'),
  ]),
);

try {
  rmSync(staging, { recursive: true, force: true });
  const options = { format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
  await esbuild.build({
    ...options,
    entryPoints,
    outdir: staging,
    outbase: src,
    bundle: true,
    plugins: [importsAsBuilt],
  });
  for (const [name, contents] of Object.entries(vendored))
    await esbuild.build({
      ...options,
      stdin: { contents, resolveDir: root },
      bundle: true,
      plugins: [englishOnly],
      outfile: join(staging, 'vendor', `${name}.js`),
    });
  const require = createRequire(import.meta.url);
  for (const name of queryCompilers) {
    const { wasm } = await import(
      pathToFileURL(require.resolve(`@prisma/client/runtime/${name}.wasm-base64.mjs`)).href
    );
    writeFileSync(join(staging, 'vendor', `${name}.wasm`), Buffer.from(wasm, 'base64'));
    writeFileSync(
      join(staging, 'vendor', `${name}.wasm.js`),
      `import { readFileSync } from 'node:fs';\nexport const wasm = readFileSync(new URL('./${name}.wasm', import.meta.url));\n`,
    );
  }
  // The command catalog: what help needs of every command, so the CLI answers --help without loading them.
  const catalog = await import(pathToFileURL(join(staging, 'bot/commands/command-catalog.js')).href);
  writeFileSync(
    join(staging, 'bot/commands', catalog.CATALOG_FILE),
    `${JSON.stringify(await catalog.describeAllCommands(), null, 1)}\n`,
  );
  const stamp = join(staging, '.built');
  writeFileSync(stamp, JSON.stringify({ files: hashes, directories }));
  utimesSync(stamp, started, started);
  // Swapped by two renames, so a process starting meanwhile finds a whole dist/ (or, for an instant, none).
  const previous = `${staging}.old`;
  try {
    renameSync(dist, previous);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(staging, dist);
  rmSync(previous, { recursive: true, force: true });
  process.stderr.write(`build: ${entryPoints.length} files compiled to dist/\n`);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  throw error;
}
