// CLI start: CPU time (user + system, all threads) and peak RSS of TubePilot's processes as a user starts
// them — `tubepilot --help`, a first command on a new store, the first `npm start`, commands on an existing
// store — each a fresh process tree whose every node process reports its own usage at exit
// (bench/process-usage.mjs). Medians of several runs: CPU time varies less with the machine's load than wall
// time, but it does vary.

import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';

const root = join(import.meta.dirname, '..');
const REPORTER = join(import.meta.dirname, 'process-usage.mjs');

interface Usage {
  /** Summed over the run's node processes (npm's own included for `npm start`). */
  cpuSeconds: number;
  /** Of the largest process. */
  peakRssMiB: number;
  wallSeconds: number;
  exitCode: number | null;
}

interface Case {
  label: string;
  command: string;
  args: string[];
  runs: number;
  goalCpuSeconds?: number;
  /** Each run on a data folder of its own, created empty (default: the store the first `npm start` fills). */
  newStore?: boolean;
}

async function measure(command: string, args: string[], dataDir: string, scratch: string): Promise<Usage> {
  const usageDir = await mkdtemp(join(scratch, 'usage-'));
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: dataDir,
      NODE_OPTIONS: `--import ${REPORTER}`,
      PROCESS_USAGE_DIR: usageDir,
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdin.end(); // the console reads commands from standard input: at its end, it exits
  const [exitCode] = await once(child, 'close');
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (exitCode !== 0) throw new Error(`${command} ${args.join(' ')} exited ${exitCode}:\n${stderr}`);
  const reports = await Promise.all(
    (await readdir(usageDir)).map(async (file) => JSON.parse(await readFile(join(usageDir, file), 'utf8'))),
  );
  return {
    cpuSeconds: reports.reduce((sum, report) => sum + report.cpuSeconds, 0),
    peakRssMiB: Math.max(...reports.map((report) => report.maxRssKiB / 1024)),
    wallSeconds,
    exitCode,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function run({ quick }: BenchOptions): Promise<BenchTable> {
  const loadAtStart = loadavg();
  // The code measured is this checkout's: built now, as `npm ci` builds it.
  await promisify(execFile)(process.execPath, [join(root, 'scripts/build.mjs')]);
  const scratch = await mkdtemp(join(tmpdir(), 'tubepilot-cli-start-'));
  const store = join(scratch, 'store');
  const bin = join(root, 'bin/tubepilot.js');
  const repeat = quick ? 1 : 5;
  const existing = (label: string, args: string[]): Case => ({
    label: `tubepilot ${label} (existing store)`,
    command: process.execPath,
    args: [bin, ...args],
    runs: repeat,
    goalCpuSeconds: 1.5,
  });
  // Order matters: the first `npm start` creates the store (demo channel) that the later commands read.
  const cases: Case[] = [
    { label: 'tubepilot --help', command: process.execPath, args: [bin, '--help'], runs: repeat, goalCpuSeconds: 0.5 },
    { label: 'tubepilot stats --help', command: process.execPath, args: [bin, 'stats', '--help'], runs: repeat },
    {
      label: 'tubepilot channels (first command, new store)',
      command: process.execPath,
      args: [bin, 'channels'],
      runs: quick ? 1 : 3,
      newStore: true,
    },
    { label: 'first npm start (demo created, to ready)', command: 'npm', args: ['start'], runs: 1 },
    existing('stats --channel demo', ['stats', '--channel', 'demo']),
    existing('channels', ['channels']),
    existing('predict (planned video)', ['predict', '--channel', 'demo', '--topic', 'eggs', '--length', '35']),
    ...(quick
      ? []
      : [
          {
            label: 'from src through tsx: --help (dev fallback)',
            command: process.execPath,
            args: ['--import', 'tsx', join(root, 'src/cli.ts'), '--help'],
            runs: 1,
          },
          {
            label: 'from src through tsx: stats --channel demo',
            command: process.execPath,
            args: ['--import', 'tsx', join(root, 'src/cli.ts'), 'stats', '--channel', 'demo'],
            runs: 1,
          },
        ]),
  ];
  const rows: string[][] = [];
  try {
    await mkdir(store);
    for (const item of cases) {
      const usages: Usage[] = [];
      for (let index = 0; index < item.runs; index++) {
        console.error(`  ${item.label} (${index + 1}/${item.runs})`);
        const dataDir = item.newStore ? await mkdtemp(join(scratch, 'new-store-')) : store;
        usages.push(await measure(item.command, item.args, dataDir, scratch));
      }
      const cpuRuns = usages.map((usage) => usage.cpuSeconds);
      const cpu = median(cpuRuns);
      rows.push([
        item.label,
        String(item.runs),
        cpu.toFixed(2),
        item.goalCpuSeconds === undefined
          ? ''
          : `≤ ${item.goalCpuSeconds} ${cpu <= item.goalCpuSeconds ? 'met' : 'MISSED'}`,
        `${Math.min(...cpuRuns).toFixed(2)}–${Math.max(...cpuRuns).toFixed(2)}`,
        median(usages.map((usage) => usage.peakRssMiB)).toFixed(0),
        median(usages.map((usage) => usage.wallSeconds)).toFixed(2),
      ]);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return {
    title: 'CLI start: CPU and peak memory of a process as a user starts it (compiled dist/, plain node)',
    columns: ['run', 'runs', 'CPU s (median)', 'goal', 'CPU s (min–max)', 'peak RSS MiB', 'wall s'],
    rows,
    notes: [
      'CPU: user + system of every node process of the run (npm included for npm start), all threads, from',
      'process.resourceUsage() at exit. Wall time depends on the machine load; CPU time much less so.',
      `Load average (1, 5, 15 min) at the start: ${loadAtStart.map((load) => load.toFixed(2)).join(' ')}, at the end: ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}, on ${cpus().length} cores.`,
    ],
  };
}

export const cliStart: Benchmark = { name: 'cli-start', run };
