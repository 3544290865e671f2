// The benchmark runner: `npm run bench [-- --only NAME] [-- --quick]`. Results go to stdout as plain-text
// tables, progress to stderr. Not a test: figures are for reading, nothing is asserted.

import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { analysisSpeed } from './analysis-speed.js';
import { type Benchmark, formatTable } from './benchmark.js';
import { chatLatency } from './chat-latency.js';
import { closedLoop } from './closed-loop.js';
import { digestRender } from './digest-render.js';
import { effectCalibration } from './effect-calibration.js';
import { importSpeed } from './import-speed.js';
import { llmCycle } from './llm-cycle.js';
import { youtubeQuota } from './youtube-quota.js';

/** Every benchmark, in the order they run; adding one is one line here. */
const benchmarks: Benchmark[] = [
  importSpeed,
  analysisSpeed,
  effectCalibration,
  youtubeQuota,
  llmCycle,
  digestRender,
  chatLatency,
  closedLoop,
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const selected = values.only === undefined ? benchmarks : benchmarks.filter(({ name }) => name === values.only);
  if (selected.length === 0) {
    const known = benchmarks.map(({ name }) => name).join(', ');
    throw new Error(`No benchmark named "${values.only}"; known: ${known}`);
  }
  // Figures differ between machines (this project's have differed by 1.7× on every row): say which one ran.
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}`;
  if (!values.json) process.stdout.write(`machine: ${machine}\n`);
  for (const benchmark of selected) {
    console.error(`bench: running ${benchmark.name}${values.quick ? ' (quick)' : ''}…`);
    const table = await benchmark.run({ quick: values.quick });
    // --json: one JSON line per benchmark (name, machine, table), for scripts that keep the figures.
    process.stdout.write(
      values.json ? `${JSON.stringify({ benchmark: benchmark.name, machine, ...table })}\n` : `${formatTable(table)}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
