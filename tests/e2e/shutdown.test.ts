import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SOCKET_FILE } from '../../src/bot/cli/command-socket.js';
import { LOCK_FILE } from '../../src/core/db/data-dir-lock.js';
import { baseEnv, runCli, start } from '../support/spawned.js';

// `npm start` as a process manager runs it, stopped the way one stops it: SIGTERM to npm. The bot must stop
// (not linger behind npm with /health answering), exit 0, and leave the data folder free for the next one.

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-shutdown-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('stops the bot on SIGTERM to npm start: exit 0, /health gone, lock and socket released', async () => {
  // Discord in HTTP mode needs no connection at start; the bot serves /health on a free port.
  const env = baseEnv(dataDir, {
    DISCORD_TOKEN: 'test-token',
    DISCORD_MODE: 'http',
    DISCORD_APPLICATION_ID: '1',
    DISCORD_PUBLIC_KEY: 'a'.repeat(64),
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
  });
  const npm = start('npm', ['start'], { env });
  const [, port] = await npm.waitFor('stderr', /HTTP on port (\d+)/);
  const health = `http://127.0.0.1:${port}/health`;
  expect(await (await fetch(health)).json()).toEqual({ ok: true });
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);
  expect(existsSync(join(dataDir, SOCKET_FILE))).toBe(true);

  npm.child.kill('SIGTERM');
  const finished = await npm.exited;
  expect(finished.code, finished.stderr).toBe(0);
  expect(finished.stderr).toContain('SIGTERM: finishing the work in progress, then stopping…');
  expect(finished.stderr).toContain('TubePilot stopped.');
  // npm exits once its child has: nothing answers any more.
  await expect(fetch(health)).rejects.toThrow();
  expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  expect(existsSync(join(dataDir, SOCKET_FILE))).toBe(false);

  // The next process opens the folder as its own, with nothing stale to take over.
  const next = await runCli(['channels', '--json'], { env: baseEnv(dataDir) });
  expect(next.code, next.stderr).toBe(0);
  expect(next.stderr).not.toContain('took over');
  expect(JSON.parse(next.stdout)).toMatchObject({ kind: 'result', title: 'Channels' });
});
