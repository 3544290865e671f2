import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

// Real processes for end-to-end tests: TubePilot's entry points and test children, started as a person or a
// process manager would, and waited on through their output and exit events — never on the clock.

export const root = join(import.meta.dirname, '../..');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in the stream, as soon as it is written. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<Finished>;
}

/** The environment a test process gets: nothing from this machine's .env or shell beyond PATH and HOME. */
export function baseEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...extra };
}

export function start(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Spawned {
  const child = spawn(command, args, { cwd: options.cwd ?? root, env: options.env });
  const output = { stdout: '', stderr: '' };
  let ended = false;
  const waiters: {
    stream: 'stdout' | 'stderr';
    pattern: RegExp;
    resolve(match: RegExpMatchArray): void;
    reject(error: Error): void;
  }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      const match = output[waiter.stream].match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (chunk) => {
      output[stream] += chunk;
      check();
    });
  }
  const exited = once(child, 'close').then(([code, signal]) => {
    ended = true;
    const finished = { code, signal, ...output } as Finished;
    for (const waiter of waiters.splice(0))
      waiter.reject(new Error(`exited (${code ?? signal}) before ${waiter.pattern}:\n${output.stderr}`));
    return finished;
  });
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    waitFor: (stream, pattern) =>
      new Promise((resolve, reject) => {
        const waiter = { stream, pattern, resolve, reject };
        waiters.push(waiter);
        check();
        if (ended && waiters.includes(waiter)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`exited before ${pattern}:\n${output.stderr}`));
        }
      }),
    exited,
  };
}

/** `node --import tsx <script>` from the repository: how npm's scripts run src/main.ts and src/cli.ts. */
export function startTs(script: string, args: string[], options: { env: Record<string, string>; cwd?: string }) {
  return start(process.execPath, ['--import', 'tsx', join(root, script), ...args], options);
}

/** Runs a CLI command to its end with an empty standard input. */
export async function runCli(
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<Finished> {
  const cli = startTs('src/cli.ts', args, options);
  cli.child.stdin.end();
  return cli.exited;
}
