// Closed-loop proof that the advice works, across a family of simulated worlds (tests/fakes/worlds.ts): in each,
// an audience with hidden, world-specific structure stands behind TubePilot's store. Each simulated day TubePilot
// learns what the channel did, asks /script for the next video (offline writer), and the simulator publishes the
// script's first title at its length and hour. Two baselines run on the same audience and the same noise: the
// first best-supported plan kept forever ("static"), and random choices. Per world, over paired seeds: lift of the
// last 30 days' views vs each baseline, regret against the best fixed plan in hindsight, explore share over
// time, pre-publication interval coverage, and in the null world the share of /trends rows called confident.
//
// `closed-loop` fills the store directly (bench/closed-loop/tubepilot-run.ts 'store', shown to plan the same as
// the HTTP path); `closed-loop-http` refreshes through the real YouTube client against the fake server (~0.7 s a
// simulated day more).
// CLOSED_LOOP_JOBS sets how many processes run seeds in parallel (default: up to 2 cores); CLOSED_LOOP_WORLDS
// (comma-separated names) runs part of the family; CLOSED_LOOP_SEEDS sets the paired seeds per world (default 20); CLOSED_LOOP_SAVE names a file each seed's result is appended to
// (JSON lines) as soon as it is done; CLOSED_LOOP_FROM prints the table of such a file instead of running.

import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { WORLDS, worldNamed } from '../tests/fakes/worlds.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { familyTable, summarise } from './closed-loop/family-table.js';
import type { RefreshPath } from './closed-loop/tubepilot-run.js';
import type { JobResult, JobSpec } from './closed-loop/world-job.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./closed-loop/job-child.ts', import.meta.url));

/** Runs a share of the jobs in a child process; its results are its stdout's JSON lines. */
function runChild(specs: JobSpec[]): Promise<JobResult[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, JSON.stringify(specs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const save = process.env.CLOSED_LOOP_SAVE;
  child.stdout.on('data', (chunk: Buffer) => {
    // Each finished seed is kept as it comes (CLOSED_LOOP_SAVE), so a long run that is cut short still counts.
    if (save) appendFileSync(save, chunk);
    stdout += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) {
        reject(new Error(`closed-loop child failed: ${signal ?? `exit code ${code}`}`));
        return;
      }
      const lines = stdout.split('\n').filter((line) => line.startsWith('{'));
      resolve(lines.map((line) => JSON.parse(line) as JobResult));
    });
  });
}

/** Results saved by an earlier run (CLOSED_LOOP_SAVE): only seeds every world finished, so seeds stay paired. */
function readSaved(file: string, path: RefreshPath): JobResult[] {
  const results = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JobResult)
    .filter((result) => result.spec.path === path);
  const worlds = new Set(results.map((result) => result.spec.world));
  const complete = (seed: number) =>
    [...worlds].every((world) => results.some((result) => result.spec.world === world && result.spec.seed === seed));
  return results.filter((result) => complete(result.spec.seed));
}

async function runFamily({ quick }: BenchOptions, path: RefreshPath): Promise<BenchTable> {
  const seeds = Number(process.env.CLOSED_LOOP_SEEDS ?? (quick ? 2 : 20));
  const days = quick ? 24 : 90;
  const worlds = process.env.CLOSED_LOOP_WORLDS
    ? process.env.CLOSED_LOOP_WORLDS.split(',').map((name) => worldNamed(name.trim()))
    : WORLDS;
  const jobs = Math.max(1, Number(process.env.CLOSED_LOOP_JOBS ?? Math.min(2, availableParallelism())));
  // Seed-major order dealt round-robin, so every process gets a mix of worlds and they finish together.
  const specs: JobSpec[] = [];
  const firstSeed = Number(process.env.CLOSED_LOOP_FIRST_SEED ?? 1);
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    for (const world of worlds) specs.push({ world: world.name, seed, days, path });
  }
  const shares = Array.from({ length: jobs }, (_, j) => specs.filter((_, i) => i % jobs === j));
  const started = performance.now();
  const saved = process.env.CLOSED_LOOP_FROM;
  const results = saved
    ? readSaved(saved, path)
    : (await Promise.all(shares.filter((share) => share.length > 0).map(runChild))).flat();
  const seconds = saved ? null : (performance.now() - started) / 1000;
  const summaries = worlds.map((world) =>
    summarise(
      world.name,
      results.filter((result) => result.spec.world === world.name),
    ),
  );
  const done = Math.min(...summaries.map((summary) => summary.seeds));
  return familyTable(worlds, summaries, { seeds: done, days: results[0]?.spec.days ?? days, path, jobs, seconds });
}

export const closedLoop: Benchmark = { name: 'closed-loop', run: (options) => runFamily(options, 'store') };
export const closedLoopHttp: Benchmark = { name: 'closed-loop-http', run: (options) => runFamily(options, 'http') };
