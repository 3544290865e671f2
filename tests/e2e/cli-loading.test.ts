import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeAllCommands, loadCommand } from '../../src/bot/commands/command-catalog.js';
import { baseEnv, root, start } from '../support/spawned.js';

// The CLI loads what the command line needs and nothing else: help comes from the command catalog built with
// dist/ (tests/support/build-dist.ts builds it from this checkout), so it opens no database and loads no SDK
// and no command handler. Each run is the package bin in a real process, every loaded module recorded.

/** Packages (or scopes) that cost seconds to load or open something: SDKs, the database, charts. */
const HEAVY = [
  'discord.js',
  '@discordjs',
  '@slack',
  '@googleapis',
  'googleapis',
  'google-auth-library',
  'groq-sdk',
  '@prisma',
  'prisma',
  'pg',
  '@electric-sql',
  'pglite-prisma-adapter',
  'chart.js',
  '@napi-rs',
  'quickchart-js',
  'node-cron',
];
const heavy = (packages: string[], among = HEAVY) =>
  packages.filter((name) => among.some((entry) => name === entry || name.startsWith(`${entry}/`)));
const commandFiles = (await describeAllCommands()).map(({ name }) => `dist/bot/commands/${name}.js`);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-loading-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let runs = 0;
/** Runs `tubepilot ...args` and returns its output with the modules it loaded. */
async function traced(args: string[], env: Record<string, string> = {}) {
  const traceFile = join(dir, `trace-${++runs}.txt`);
  const cli = start(
    process.execPath,
    ['--import', join(root, 'tests/support/module-trace.mjs'), join(root, 'bin/tubepilot.js'), ...args],
    { env: baseEnv(join(dir, 'data'), { MODULE_TRACE_FILE: traceFile, ...env }) },
  );
  cli.child.stdin.end();
  const finished = await cli.exited;
  const loaded = (await readFile(traceFile, 'utf8')).split('\n').filter(Boolean);
  const packages = new Set(loaded.flatMap((path) => path.match(/node_modules\/((@[^/]+\/)?[^/]+)/)?.[1] ?? []));
  const files = loaded.flatMap((path) => path.match(/(dist\/.+\.js)$/)?.[1] ?? []);
  return { ...finished, loaded, packages: [...packages], files };
}

/** A database that is not there: help must not try to open it. */
const nowhere = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };

describe('tubepilot without a command to run', () => {
  it.each([[['--help']], [['help']], [[]]])(
    '`tubepilot %j` lists every command without loading one, a database or an SDK',
    async (args) => {
      const run = await traced(args, nowhere);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      for (const { name } of await describeAllCommands()) expect(run.stdout).toContain(`tubepilot ${name} `);
      expect(run.stdout).toContain('tubepilot discord register');
      expect(heavy(run.packages)).toEqual([]);
      expect(run.files.filter((file) => commandFiles.includes(file))).toEqual([]);
    },
  );

  it.each([[['stats', '--help']], [['help', 'import']]])(
    '`tubepilot %j` explains one command from the catalog alone',
    async (args) => {
      const run = await traced(args, nowhere);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Usage {2}tubepilot (stats \[--channel <channel>\]|import --channel)/);
      expect(heavy(run.packages)).toEqual([]);
      expect(run.files.filter((file) => commandFiles.includes(file))).toEqual([]);
    },
  );

  it('lays text out without string-width while each character is one column, and with it once one is not', async () => {
    const plain = await traced(['stast'], nowhere);
    expect(plain.stdout).toContain('Did you mean tubepilot stats?');
    const stringWidth = (run: { files: string[]; packages: string[] }) =>
      run.files.some((file) => file.includes('string-width')) || run.packages.includes('string-width');
    expect(stringWidth(plain)).toBe(false);
    const emoji = await traced(['stast🍳'], nowhere);
    expect(emoji.stdout).toContain('There is no command "stast🍳"');
    expect(stringWidth(emoji)).toBe(true);
  });

  it('answers an unknown command with the closest one, before any database', async () => {
    const run = await traced(['stast', '--channel', 'demo'], nowhere);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('There is no command "stast". Did you mean tubepilot stats?');
    expect(heavy(run.packages)).toEqual([]);
  });
});

describe('tubepilot running a command', () => {
  it('loads that command and the database, and no other command or SDK', async () => {
    const run = await traced(['channels', '--json'], { DATABASE_URL: 'memory://' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'result', title: 'Channels' });
    // The trace sees what was loaded: the embedded database and Prisma are there.
    expect(heavy(run.packages, ['@electric-sql'])).toContain('@electric-sql/pglite');
    expect(heavy(run.packages, ['@prisma'])).toContain('@prisma/client');
    expect(run.files.filter((file) => commandFiles.includes(file))).toEqual(['dist/bot/commands/channels.js']);
    const sdks = ['discord.js', '@discordjs', '@slack', 'groq-sdk', '@googleapis', '@napi-rs', 'chart.js'];
    expect(heavy(run.packages, sdks)).toEqual([]);
  });

  it("loads zod as one bundled file and the ES build of Prisma's runtime, not the CommonJS one", async () => {
    const run = await traced(['channels', '--json'], { DATABASE_URL: 'memory://' });
    expect(run.code).toBe(0);
    expect(run.files).toContain('dist/vendor/zod.js');
    expect(run.packages).not.toContain('zod');
    const prismaRuntime = run.loaded.filter((path) => /@prisma\/client\/runtime\/client\.m?js$/.test(path));
    expect(prismaRuntime.map((path) => path.split('/').pop())).toEqual(['client.mjs']);
  });

  it("bundles zod with its English messages alone, which are zod's own", async () => {
    const bundled: typeof import('zod') = await import(join(root, 'dist/vendor/zod.js'));
    const { z } = await import('zod');
    expect(Object.keys(bundled.z.locales)).toEqual(['en']);
    const samples = [z.string(), z.number().int().min(3), z.object({ a: z.enum(['x', 'y']) }), z.url()];
    const inputs = [1, 2.5, { a: 'z' }, 'not a url'];
    const bundledSamples = [
      bundled.z.string(),
      bundled.z.number().int().min(3),
      bundled.z.object({ a: bundled.z.enum(['x', 'y']) }),
      bundled.z.url(),
    ];
    samples.forEach((schema, index) => {
      const messages = (errors?: { issues: { message: string }[] }) => errors?.issues.map((issue) => issue.message);
      const input = inputs[index];
      expect(messages(bundledSamples[index]?.safeParse(input).error)).toEqual(messages(schema.safeParse(input).error));
    });
  });

  it("reads the query compiler's WebAssembly as decoded at build time, not from Prisma's base64 module", async () => {
    const run = await traced(['channels', '--json'], { DATABASE_URL: 'memory://' });
    expect(run.code).toBe(0);
    expect(run.files.filter((file) => file.startsWith('dist/vendor/query_compiler_'))).toHaveLength(1);
    expect(run.loaded.filter((path) => path.includes('wasm-base64'))).toEqual([]);
  });

  it("loads no channel analysis for a command that reads figures only (`stats`): not the model's, topics' or stop words' modules", async () => {
    const run = await traced(['stats', '--json'], { DATABASE_URL: 'memory://' });
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'error', title: 'No channels yet' });
    expect(run.files).toContain('dist/core/analytics/channel-cache.js');
    const analysis = ['latest-analysis', 'channel-analysis', 'effect-model', 'topic-clusters', 'pattern-effects'];
    expect(run.files.filter((file) => analysis.some((name) => file.endsWith(`/${name}.js`)))).toEqual([]);
    expect(run.packages).not.toContain('@orama/stopwords');
  });

  it('does not load the logger (pino) when the command logs nothing', async () => {
    const run = await traced(['channels', '--json'], { DATABASE_URL: 'memory://' });
    expect(run.code).toBe(0);
    expect(run.files).toContain('dist/bot/commands/channels.js');
    expect(run.packages).not.toContain('pino');
  });
});

describe('the command catalog built with dist/', () => {
  it('holds what help needs of every command, as declared in src/', async () => {
    const built = JSON.parse(await readFile(join(root, 'dist/bot/commands/command-catalog.json'), 'utf8'));
    expect(built).toEqual(JSON.parse(JSON.stringify(await describeAllCommands())));
  });
});

describe('the command list', () => {
  it('loads each command by its own name (entry, file and declaration agree)', async () => {
    for (const { name } of await describeAllCommands()) expect((await loadCommand(name))?.name).toBe(name);
    expect(await loadCommand('toString')).toBeUndefined();
  });
});
