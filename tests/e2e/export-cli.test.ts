import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';

// `tubepilot export --out DIR` as a person runs it: a real process on a fresh embedded database.

const root = join(import.meta.dirname, '../..');
const fixture = join(root, 'tests/fixtures/alex-the-analyst-videos.csv');
let dir: string;

const cli = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: join(dir, 'data') },
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tubepilot-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes the three CSV files into --out', async () => {
  await cli(['import', '--channel', 'alex', '--file', fixture]);
  const out = join(dir, 'export');
  const { stdout } = await cli(['export', 'alex', '--out', out]);
  expect(stdout).toContain('Export of alex');
  const files = (await readdir(out)).sort();
  expect(files).toHaveLength(3);
  expect(files.map((name) => name.replace(/-\d{4}-\d\d-\d\d\.csv$/, ''))).toEqual([
    'alex-effects',
    'alex-predictions',
    'alex-videos',
  ]);
  for (const name of files) expect(stdout).toContain(join(out, name));
  const videos = parse(await readFile(join(out, files[2] as string)), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
  expect(videos.length).toBeGreaterThan(10);
  expect(Object.keys(videos[0] ?? {})).toEqual(expect.arrayContaining(['youtube_id', 'title', 'success_score']));
});
