// Runs one CSV import, then the same import again, in its own process so its peak memory is the import's
// alone. Started by import-speed.ts with a JSON argument; prints one JSON line (ImportChildReport) to stdout.

import { ensureLocalTeam } from '../src/core/channels/teams.js';
import { openDatabase } from '../src/core/db/database.js';
import { importCsvFile } from '../src/core/import/import-csv.js';
import type { ImportChildArgs, ImportChildReport } from './import-speed.js';

const CHANNEL = 'Bench channel';
const NOW = new Date('2025-06-01T00:00:00Z');

const rssMiB = () => process.memoryUsage.rss() / 1048576;
// maxRSS is in KiB on Linux and macOS.
const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '') as ImportChildArgs;
  // The parent has migrated already, so the schema engine's memory stays out of the peak.
  const database = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: args.dataDir, migrate: false });
  try {
    const team = await ensureLocalTeam(database.prisma);
    const importOnce = () =>
      importCsvFile(database.prisma, team.id, CHANNEL, args.csvPath, NOW, {
        onProgress: (progress) => {
          if (progress.stage === 'reading')
            process.stderr.write(`  ${progress.rows} rows read (${progress.rowsPerSecond} rows/s)\n`);
          else process.stderr.write(`  ${progress.videos} of ${progress.of} videos written\n`);
        },
      });
    const baseRssMiB = rssMiB();
    const first = await timed(importOnce);
    const importPeakRssMiB = peakRssMiB();
    const second = await timed(importOnce);
    const report: ImportChildReport = {
      dataRows: first.value.dataRows,
      skippedRows: first.value.skippedRows,
      videos: first.value.created + first.value.updated,
      snapshots: first.value.snapshotsAdded,
      seconds: first.seconds,
      baseRssMiB,
      peakRssMiB: importPeakRssMiB,
      reimportSeconds: second.seconds,
      reimportChanged: second.value.created + second.value.updated + second.value.snapshotsAdded,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await database.close();
  }
}

await main();
