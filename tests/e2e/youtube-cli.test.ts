import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeYouTube } from '../fakes/fake-youtube.js';

// `tubepilot auth youtube` and `tubepilot refresh` as real processes against the fake YouTube: the link on
// stderr, a "browser" that opens it, progress lines on stderr, the reply on stdout.

const root = join(import.meta.dirname, '../..');
let dataDir: string;
let fake: FakeYouTube;

function cli(args: string[], onStderr: (text: string) => void = () => {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        TOKEN_ENCRYPTION_KEY: key,
        ...fake.env(),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      onStderr(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const key = randomBytes(32).toString('hex');

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-yt-e2e-'));
  fake = await FakeYouTube.start({ videoCount: 60 });
});

afterAll(async () => {
  await fake.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('tubepilot auth youtube, then refresh', () => {
  it('connects through the loopback and refreshes with progress on stderr', async () => {
    let opened = false;
    const auth = await cli(['auth', 'youtube', '--channel', 'kitchen'], (stderr) => {
      const link = stderr.match(/https?:\/\/127\.0\.0\.1:\d+\/authorize\S+/)?.[0];
      if (link && !opened) {
        opened = true;
        void fetch(link);
      }
    });
    expect(auth.stderr).toContain('Open this link in a browser');
    expect(auth.stdout).toContain(`Connected ${fake.channel.title}`);
    expect(auth.code).toBe(0);

    const refresh = await cli(['refresh', '--channel', 'kitchen']);
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toContain('refresh kitchen: videos 60/60');
    expect(refresh.stdout).toContain('Refreshed kitchen');
    expect(refresh.stdout).toMatch(/New videos\s+60/);
    expect(refresh.stdout).toMatch(/Quota units\s+4 spent; 5 of 10,000 used today \(Pacific\)/);
    expect(fake.unitsSpent).toBe(5); // channels.list at connect, then 2 pages and 2 batches
  });
});
