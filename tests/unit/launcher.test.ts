import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// bin/launch.js runs dist/ unless a source changed since the build. It looks the built sources up by name and
// lists src/ only when a directory of it changed: each case below is a change the launcher must still see (or,
// for a file rewritten unchanged, must not). Each runs the real launcher in a checkout of its own, built an hour
// ago; dist/cli.js there only says that it ran.

const LAUNCHER = join(import.meta.dirname, '../../bin/launch.js');
const HOUR_AGO = new Date(Date.now() - 3_600_000);
let root: string;

const source = (path: string, text: string) => {
  mkdirSync(join(root, 'src', path, '..'), { recursive: true });
  writeFileSync(join(root, 'src', path), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tubepilot-launcher-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(LAUNCHER, join(root, 'bin/launch.js'));
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist/cli.js'), "process.stdout.write('dist ran');\n");
  source('cli.ts', 'export {};\n');
  source('core/reply.ts', 'export const a = 1;\n');
  mkdirSync(join(root, 'src/core/empty'));
  const stamp = join(root, 'dist/.built');
  // Hashes as the build writes them (sha1 of each file).
  writeFileSync(stamp, JSON.stringify(stampFor(['cli.ts', 'core/reply.ts'], ['.', 'core', 'core/empty'])));
  for (const path of ['src/cli.ts', 'src/core/reply.ts', 'src/core/empty', 'src/core', 'src', 'dist/.built'])
    utimesSync(join(root, path), HOUR_AGO, HOUR_AGO);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function stampFor(files: string[], directories: string[]) {
  return {
    files: Object.fromEntries(
      files.map((file) => [
        file,
        createHash('sha1')
          .update(readFileSync(join(root, 'src', file)))
          .digest('hex'),
      ]),
    ),
    directories,
  };
}

/** What the launcher printed: dist/ ran (stdout), or why it would not (the first line of stderr). */
async function launch(): Promise<{ ran: boolean; why: string }> {
  const script = `import(${JSON.stringify(join(root, 'bin/launch.js'))}).then((m) => m.launch('cli')).catch(() => {});`;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '' },
  }).catch((error: { stdout: string; stderr: string }) => error);
  return { ran: stdout === 'dist ran', why: stderr.split('\n')[0] ?? '' };
}

describe('the launcher', () => {
  it('runs dist/ when no source changed since the build', async () => {
    expect(await launch()).toEqual({ ran: true, why: '' });
  });

  it('runs dist/ when a source was rewritten unchanged', async () => {
    source('core/reply.ts', 'export const a = 1;\n');
    expect(await launch()).toEqual({ ran: true, why: '' });
  });

  it('sees a source changed in place (its directory unchanged)', async () => {
    source('core/reply.ts', 'export const a = 2;\n');
    utimesSync(join(root, 'src/core'), HOUR_AGO, HOUR_AGO);
    expect((await launch()).why).toContain('src/core/reply.ts changed after the last build');
  });

  it('sees a source added to a directory, also to one that held none', async () => {
    source('core/added.ts', 'export {};\n');
    expect((await launch()).why).toContain('src/core/added.ts changed after the last build');
    rmSync(join(root, 'src/core/added.ts'));
    utimesSync(join(root, 'src/core'), HOUR_AGO, HOUR_AGO);
    source('core/empty/added.ts', 'export {};\n');
    expect((await launch()).why).toContain('src/core/empty/added.ts changed after the last build');
  });

  it('sees a source added in a new directory', async () => {
    source('core/new/added.ts', 'export {};\n');
    expect((await launch()).why).toContain('src/core/new/added.ts changed after the last build');
  });

  it('does not run a dist/ whose stamp the launcher cannot read', async () => {
    writeFileSync(join(root, 'dist/.built'), JSON.stringify({ 'cli.ts': 'x' }));
    expect((await launch()).why).toContain('dist/ was built by an older launcher');
  });
});
