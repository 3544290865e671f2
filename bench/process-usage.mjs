// Preloaded into every node process of a measured run (NODE_OPTIONS=--import, see cli-start.ts): at exit each
// writes its own CPU time and peak RSS, worker threads included, to PROCESS_USAGE_DIR/<pid>.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  const report = { argv: process.argv.slice(1), cpuSeconds: (userCPUTime + systemCPUTime) / 1e6, maxRssKiB: maxRSS };
  writeFileSync(join(process.env.PROCESS_USAGE_DIR ?? '.', `${process.pid}.json`), JSON.stringify(report));
});
