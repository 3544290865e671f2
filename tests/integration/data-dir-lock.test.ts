import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, type LockHolder } from '../../src/core/db/data-dir-lock.js';

// The lock file's rules on a real folder; two processes contending for it are in tests/e2e/data-dir-lock.

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-lockfile-'));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function writeLock(holder: LockHolder): void {
  writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(holder));
}

it('is held until released, and names its holder to whoever else asks', () => {
  const lock = acquireDataDirLock(dataDir, 'first');
  expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({
    pid: process.pid,
    command: 'first',
  });
  // Even this same process may not open the folder twice.
  expect(() => acquireDataDirLock(dataDir, 'second')).toThrow(DataDirLockedError);
  expect(() => acquireDataDirLock(dataDir, 'second')).toThrow(`pid ${process.pid} (first), since ${lock.holder.since}`);
  lock.release();
  const again = acquireDataDirLock(dataDir, 'second');
  expect(again.tookOverFrom).toBeUndefined();
  again.release();
});

it('takes over a lock whose process has exited', () => {
  const exited = spawnSync(process.execPath, ['-e', '']).pid as number;
  writeLock({ pid: exited, command: 'crashed bot', since: '2026-01-01T00:00:00.000Z' });
  const lock = acquireDataDirLock(dataDir, 'next');
  expect(lock.tookOverFrom).toMatchObject({ pid: exited, command: 'crashed bot' });
  expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
  lock.release();
});

it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to another process', () => {
  // This very process, but started at another time: a restarted container's bot reusing the dead one's pid.
  writeLock({ pid: process.pid, command: 'bot before restart', since: '2026-01-01T00:00:00.000Z', processStart: '1' });
  const lock = acquireDataDirLock(dataDir, 'bot after restart');
  expect(lock.tookOverFrom?.command).toBe('bot before restart');
  lock.release();
});
