import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SOCKET_FILE } from '../../src/bot/cli/command-socket.js';
import { LOCK_FILE } from '../../src/core/db/data-dir-lock.js';
import { baseEnv, root, runCli, type Spawned, startTs } from '../support/spawned.js';

// Two real processes on one DATA_DIR with the embedded database: the second never opens it behind the
// first's back. A CLI command reaches the running console through its socket, or stops with who holds the
// folder; a lock left by a process that died is taken over.

const fixtures = join(root, 'tests/fixtures');
const csv = 'alex-the-analyst-videos.csv';
let dataDir: string;
let env: Record<string, string>;
const started: Spawned[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-lock-'));
  env = baseEnv(dataDir);
});

afterEach(async () => {
  for (const spawned of started.splice(0)) {
    if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill('SIGKILL');
    await spawned.exited;
  }
  await rm(dataDir, { recursive: true, force: true });
});

function track(spawned: Spawned): Spawned {
  started.push(spawned);
  return spawned;
}

/** The npm-start console reading from a pipe that stays open, ready once it serves CLI commands. */
async function startConsole(): Promise<Spawned> {
  const consoleProcess = track(startTs('src/main.ts', [], { env }));
  await consoleProcess.waitFor('stderr', /CLI commands on this data folder run in this console/);
  return consoleProcess;
}

async function startLockHolder(...flags: string[]): Promise<Spawned> {
  const holder = track(startTs('tests/support/lock-holder.ts', [dataDir, ...flags], { env }));
  await holder.waitFor('stdout', /^locked/m);
  return holder;
}

async function videoCount(channel: string): Promise<number> {
  const stats = await runCli(['stats', channel, '--json'], { env });
  expect(stats.code, stats.stderr).toBe(0);
  return JSON.parse(stats.stdout).data.overview.videoCount;
}

describe('a CLI command while the console holds the data folder', () => {
  it('runs in the console through its socket, and the import stays after the console stops', async () => {
    const consoleProcess = await startConsole();
    const socket = join(dataDir, SOCKET_FILE);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);

    // Run from another directory with a relative path: the file is the operator's, not the console's.
    const imported = await runCli(['import', '--channel', 'b1', '--file', csv, '--json'], { env, cwd: fixtures });
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ title: 'Imported into b1', data: { created: 357 } });
    expect(imported.stderr).toContain(`ran in the TubePilot process ${consoleProcess.child.pid}`);

    // The console itself sees the import: one store, not two.
    consoleProcess.child.stdin.write('/stats b1\n');
    await consoleProcess.waitFor('stdout', /b1 — overview[\s\S]*Videos\s+357/);

    consoleProcess.child.kill('SIGTERM');
    const finished = await consoleProcess.exited;
    expect(finished.code).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(existsSync(socket)).toBe(false);
    // The data outlived the console that wrote it: the loss this lock is for.
    expect(await videoCount('b1')).toBe(357);
  });
});

describe('a CLI command when the holder cannot take it', () => {
  it('stops at once with who holds the folder and what to do, and leaves the store as it was', async () => {
    expect((await runCli(['import', '--channel', 'b1', '--file', join(fixtures, csv)], { env })).code).toBe(0);
    const holder = await startLockHolder();

    const refused = await runCli(['import', '--channel', 'b2', '--file', join(fixtures, csv)], { env });
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      `is in use by another TubePilot process: pid ${holder.child.pid} (lock-holder test process), since 20`,
    );
    expect(refused.stderr).toContain('Stop that process and run this again, or set DATABASE_URL');
    expect(refused.stderr).toContain(`its command socket ${join(dataDir, SOCKET_FILE)} does not answer (ENOENT)`);

    // A second console or bot stops the same way (it has no command to hand over).
    const secondConsole = startTs('src/main.ts', [], { env });
    secondConsole.child.stdin.end();
    const second = await secondConsole.exited;
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`pid ${holder.child.pid} (lock-holder test process)`);
    expect(second.stderr).not.toMatch(/\bat .+\.ts:\d+/);

    holder.child.stdin.end();
    expect((await holder.exited).code).toBe(0);
    expect(await videoCount('b1')).toBe(357);
    const channels = JSON.parse((await runCli(['channels', '--json'], { env })).stdout);
    expect(channels.data.channels.map((channel: { name: string }) => channel.name)).not.toContain('b2');
  });

  it('stops the same way when the socket is a leftover nobody listens on', async () => {
    // A holder killed with its socket open leaves both behind; a new holder takes over the lock only.
    const killed = await startLockHolder('--socket');
    killed.child.kill('SIGKILL');
    await killed.exited;
    const holder = await startLockHolder();
    expect(holder.stdout()).toContain(`took over from pid ${killed.child.pid}`);

    const refused = await runCli(['channels'], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`pid ${holder.child.pid} (lock-holder test process)`);
    expect(refused.stderr).toContain('does not answer (ECONNREFUSED)');
  });
});

describe('a lock left by a process that died', () => {
  it('is taken over by the next process, which works normally', async () => {
    const dead = await startLockHolder();
    dead.child.kill('SIGKILL');
    await dead.exited;
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    const imported = await runCli(['import', '--channel', 'b1', '--file', join(fixtures, csv), '--json'], { env });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('took over the data folder lock of a TubePilot process that had died');
    expect(imported.stderr).toContain(`"pid":${dead.child.pid}`);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(await videoCount('b1')).toBe(357);
  });
});
