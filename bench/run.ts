// The benchmark runner: `npm run bench [-- --only NAME] [-- --quick] [-- --json]`. Results go to stdout as
// plain-text tables (with --json: one JSON document, for scripts that compare runs), progress to stderr. Not a
// test: figures are for reading, nothing is asserted.

import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { analysisSpeed } from './analysis-speed.js';
import { type Benchmark, type BenchTable, formatTable } from './benchmark.js';
import { channelReads } from './channel-reads.js';
import { chatLatency } from './chat-latency.js';
import { cliStart } from './cli-start.js';
import { closedLoop, closedLoopHttp } from './closed-loop.js';
import { curveRecovery } from './curve-recovery.js';
import { digestRender } from './digest-render.js';
import { effectCalibration } from './effect-calibration.js';
import { importSpeed } from './import-speed.js';
import { llmCycle } from './llm-cycle.js';
import { postPublication } from './post-publication.js';
import { youtubeQuota } from './youtube-quota.js';

/** Every benchmark, in the order they run; adding one is one line here. */
const benchmarks: Benchmark[] = [
  importSpeed,
  analysisSpeed,
  channelReads,
  effectCalibration,
  curveRecovery,
  postPublication,
  youtubeQuota,
  llmCycle,
  digestRender,
  chatLatency,
  closedLoop,
  closedLoopHttp,
  cliStart,
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
  // Figures differ between machines (this project's have differed by 1.7× on every row): say which one ran,
  // and how busy it was, since other work on the machine slows every figure down.
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: availableParallelism(),
    node: process.version,
    loadAverage: loadavg().map((load) => Number(load.toFixed(2))),
  };
  if (!values.json) {
    process.stdout.write(
      `machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage.join(' ')}\n`,
    );
  }
  const results: { name: string; table: BenchTable }[] = [];
  for (const benchmark of selected) {
    console.error(`bench: running ${benchmark.name}${values.quick ? ' (quick)' : ''}…`);
    const table = await benchmark.run({ quick: values.quick });
    if (values.json) results.push({ name: benchmark.name, table });
    else process.stdout.write(`${formatTable(table)}\n`);
  }
  if (values.json) {
    const finished = {
      date: new Date().toISOString(),
      loadAverageAtEnd: loadavg().map((load) => Number(load.toFixed(2))),
    };
    process.stdout.write(`${JSON.stringify({ machine, ...finished, benchmarks: results }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
