import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The two entry points a person uses, run as real processes on a fresh embedded database.

const root = join(import.meta.dirname, '../..');
const fixture = join(root, 'tests/fixtures/alex-the-analyst-videos.csv');
let dataDir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  entry: 'main' | 'cli' | 'npx',
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  // npx: the package's bin, as a user types it (`npx tubepilot …`); --no: never install anything.
  const [command, commandArgs] =
    entry === 'npx'
      ? ['npx', ['--no', 'tubepilot', ...args]]
      : [process.execPath, ['--import', 'tsx', join(root, `src/${entry}.ts`), ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-e2e-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start with piped input', () => {
  it('creates the demo channel on first run, prints /stats and exits at end of input', async () => {
    const result = await run('main', [], { stdin: '/stats\n' });
    expect(result.stderr).toContain(
      'no DISCORD_TOKEN or SLACK_BOT_TOKEN set: local console (reading commands from standard input)',
    );
    expect(result.stderr).toContain('First run: generating the demo channel');
    expect(result.stdout).toContain('Demo: Kitchen Science Shorts — overview [demo data (synthetic)]');
    expect(result.stdout).toMatch(/Median views\s+[\d,]+/);
    expect(result.stdout).toContain('Best videos by outlier score');
    expect(result.stdout).not.toContain('\x1b['); // no colour codes in a pipe
    expect(result.code).toBe(0);
  });

  it('answers one reply per line, and exits non-zero when a line failed', async () => {
    const result = await run('main', [], { stdin: 'channels\n# a comment\n\n/stast\n/help stats\n' });
    expect(result.stderr).not.toContain('First run');
    expect(result.stdout).toContain('Channels\n1 channel.');
    expect(result.stdout).toContain('✖ Unknown command\nThere is no command "/stast". Did you mean /stats?');
    expect(result.stdout).toContain('Help: stats');
    expect(result.code).toBe(1);
  });

  it('stops with one message listing every bad variable', async () => {
    const result = await run('main', [], { env: { DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration:');
    expect(result.stderr).toContain('DATABASE_URL: expected memory:// or a postgres://');
    expect(result.stderr).toContain('LOG_LEVEL:');
    expect(result.stderr).toContain('See .env.example');
    expect(result.stdout).toBe('');
  });
});

describe('npm run tubepilot (CLI)', () => {
  it('is the package bin: `npx tubepilot … --json` prints only JSON on stdout, for a pipe to jq', async () => {
    const result = await run('npx', ['help', '--json'], {
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'result', title: 'TubePilot commands' });
  });

  it('prints help without touching the database', async () => {
    const result = await run('cli', ['--help'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('tubepilot import ');
    expect(result.stdout).toContain('tubepilot discord register');
    expect(result.stdout).not.toContain('--channel'); // options are in `tubepilot NAME --help`
    const one = await run('cli', ['stats', '--help']);
    expect(one.stdout).toContain('Usage  tubepilot stats [--channel <channel>]');
  });

  it('imports a CSV and returns the Reply as JSON with --json', async () => {
    const imported = await run('cli', ['import', '--channel', 'alex', '--file', fixture, '--json']);
    expect(imported.code).toBe(0);
    const reply = JSON.parse(imported.stdout);
    expect(reply).toMatchObject({ kind: 'result', title: 'Imported into alex', data: { created: 357, skipped: [] } });

    const stats = JSON.parse((await run('cli', ['stats', 'alex', '--json'])).stdout);
    expect(stats.data.overview).toMatchObject({ videoCount: 357, videosWithViews: 357 });
    expect(stats.data.best).toHaveLength(5);
  });

  it('exits 1 with a usage message for a bad option', async () => {
    const result = await run('cli', ['demo', '--seed', 'x']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('option "seed" expects a whole number, got "x"');
    expect(result.stdout).toContain('tubepilot demo [--seed <n>] [--reset]');
    expect(result.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
