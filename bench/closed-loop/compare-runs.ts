// Two saved closed-loop runs (CLOSED_LOOP_SAVE files) of the same worlds and seeds, compared paired per seed:
// how a change to TubePilot moved its own views, which the lift columns only show through the baselines' luck.
//   npx tsx bench/closed-loop/compare-runs.ts NEW.jsonl OLD.jsonl
// Per world: TubePilot's expected views over the whole run, new ÷ old, and its last-30-days views, new ÷ old
// (geometric means over the seeds both files hold, 95 % t intervals).

import { readFileSync } from 'node:fs';
import { type Interval, ratioInterval } from './family-table.js';
import type { JobResult } from './world-job.js';

function read(file: string): JobResult[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JobResult);
}

const percent = (value: number) => `${value >= 0 ? '+' : ''}${(100 * value).toFixed(1)}%`;
const shown = (interval: Interval) => `${percent(interval.mean)} [${percent(interval.low)}, ${percent(interval.high)}]`;

const [newFile, oldFile] = process.argv.slice(2);
if (newFile === undefined || oldFile === undefined) throw new Error('usage: compare-runs.ts NEW.jsonl OLD.jsonl');
const older = read(oldFile);
const pairs = read(newFile).flatMap((result) => {
  const old = older.find((other) => other.spec.world === result.spec.world && other.spec.seed === result.spec.seed);
  return old === undefined ? [] : [{ result, old }];
});
console.log('world     seeds  TubePilot expected views, run: new ÷ old  last 30 days: new ÷ old');
for (const world of [...new Set(pairs.map(({ result }) => result.spec.world))]) {
  const paired = pairs.filter(({ result }) => result.spec.world === world);
  const run = ratioInterval(
    paired.map(({ result, old }) => Math.log(result.tubepilot.expectedTotal / old.tubepilot.expectedTotal)),
  );
  const last = ratioInterval(paired.map(({ result, old }) => Math.log(result.tubepilot.last / old.tubepilot.last)));
  console.log(`${world.padEnd(10)}${String(paired.length).padEnd(7)}${shown(run).padEnd(41)}${shown(last)}`);
}
