// Runs closed-loop jobs in a child process (bench/closed-loop.ts starts one per core): its argument is a JSON
// list of JobSpec, each result is printed as one JSON line on stdout, progress goes to stderr.

import { openDatabase } from '../../src/core/db/database.js';
import { type JobSpec, runJob } from './world-job.js';

const specs = JSON.parse(process.argv[2] ?? '[]') as JobSpec[];
// Opening a migrated database costs seconds of CPU: the store path's runs share one, each with its own channel.
const database = specs.some((spec) => spec.path === 'store')
  ? await openDatabase({ databaseUrl: 'memory://', dataDir: 'unused' })
  : null;
for (const spec of specs) {
  const result = await runJob(spec, spec.path === 'store' ? database?.prisma : undefined);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  console.error(`closed-loop: ${spec.world} seed ${spec.seed} (${spec.path}) ${result.seconds.toFixed(1)} s`);
}
await database?.close();
