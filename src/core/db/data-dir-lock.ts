import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The embedded database (PGlite) keeps no lock of its own: two processes on one DATA_DIR both open it and
// the last to close overwrites the other's writes. This lock file makes the second process stop at once.
//
// Taking it is atomic: the holder's details are written to a private file that is then hard-linked to the
// lock's name, which fails when the lock exists. A lock whose holder is dead is taken over by the one
// process that creates the takeover claim named after that very lock file (its inode and holder), so two
// processes finding the same stale lock never both remove it and both win.

export const LOCK_FILE = 'tubepilot.lock';

export interface LockHolder {
  pid: number;
  /** What the process is, for the message a second process prints ("tubepilot console (npm start)"). */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** The holder's start time as the kernel counts it (Linux), so a reused pid is not taken for the holder. */
  processStart?: string;
}

export interface DataDirLock {
  holder: LockHolder;
  /** The stale holder this process took the lock over from, if any. */
  tookOverFrom?: LockHolder;
  release(): void;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by another TubePilot process: pid ${holder.pid} (${holder.command}), ` +
        `since ${holder.since}.\nThe embedded database allows one process at a time. Stop that process and ` +
        'run this again, or set DATABASE_URL to a PostgreSQL server to run several processes.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Takes the data folder's lock or throws DataDirLockedError naming the live holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    command,
    since: new Date().toISOString(),
  };
  const start = processStart(process.pid);
  if (start !== undefined) holder.processStart = start;
  let tookOverFrom: LockHolder | undefined;
  // Each turn either takes the lock, throws, or removes one stale lock; a few turns cover any race.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (linkNew(path, `${JSON.stringify(holder)}\n`)) {
      let released = false;
      return {
        holder,
        ...(tookOverFrom ? { tookOverFrom } : {}),
        release() {
          if (released) return;
          released = true;
          unlinkSync(path);
        },
      };
    }
    const current = readLock(path);
    if (!current) continue; // released meanwhile
    if (isAlive(current.holder)) throw new DataDirLockedError(dataDir, current.holder);
    if (takeOverStale(path, current.inode, current.holder)) tookOverFrom = current.holder;
  }
  const current = readLock(path);
  if (current && isAlive(current.holder)) throw new DataDirLockedError(dataDir, current.holder);
  // Another process kept winning the takeover (or died in the middle of it, leaving its claim file).
  throw new Error(
    `Could not take over the stale lock ${path}; if no TubePilot runs, remove it and ${path}.takeover-*.`,
  );
}

/** Creates `path` with `content` complete from its first instant; false when it exists already. */
function linkNew(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, content, { mode: 0o600 });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function readLock(path: string): { holder: LockHolder; inode: number } | undefined {
  try {
    const inode = statSync(path).ino;
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return { holder, inode };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // An unreadable lock (edited by hand, a damaged disk) counts as held: never guess.
    throw new Error(
      `The lock file ${path} cannot be read (${(error as Error).message}); remove it if no TubePilot runs.`,
    );
  }
}

/** Removes the stale lock `inode` if this process wins its takeover claim; true when it did. */
function takeOverStale(path: string, inode: number, stale: LockHolder): boolean {
  const claim = `${path}.takeover-${inode}-${stale.pid}-${Date.parse(stale.since)}`;
  if (!linkNew(claim, `${process.pid}\n`)) return false; // another process is taking it over
  try {
    // Only the claim's winner removes a lock, and no one can replace an existing lock, so `path` is still the
    // stale file unless another process took it over before this claim (its new file may reuse the inode).
    const current = readLock(path);
    const same = current?.inode === inode && current.holder.pid === stale.pid && current.holder.since === stale.since;
    if (same) unlinkSync(path);
    return same;
  } finally {
    unlinkSync(claim);
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.pid !== process.pid) {
    try {
      process.kill(holder.pid, 0);
    } catch (error) {
      // EPERM: it exists but belongs to another user.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
    }
  }
  // A live pid with another start time was reused (a restarted container's bot often gets the dead one's pid).
  const start = processStart(holder.pid);
  return holder.processStart === undefined || start === undefined || start === holder.processStart;
}

/** Field 22 of /proc/<pid>/stat (start time since boot); undefined where there is no /proc. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses; the fields after its last ")" do not.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
