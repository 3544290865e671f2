// Runs CSV imports in their own process so peak memory is the imports' alone. Started by import-speed.ts with
// a JSON argument (ImportChildArgs); prints one JSON line to stdout: with `changedCsvPath`, rounds of a first
// import and a changed re-import (ReimportChildReport); otherwise one large import and the same import again
// (ImportChildReport). Progress, with elapsed time and memory, goes to stderr.

import { ensureLocalTeam } from '../src/core/channels/teams.js';
import { openDatabase } from '../src/core/db/database.js';
import { type ImportReport, importCsvFile } from '../src/core/import/import-csv.js';
import { median } from '../src/core/stats/summary-statistics.js';
import type { ImportChildArgs, ImportChildReport, ReimportChildReport } from './import-speed.js';

const NOW = new Date('2025-06-01T00:00:00Z');
/** First import and changed re-import are each timed this many times, in fresh channels; medians are reported. */
const REIMPORT_ROUNDS = 5;

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
    const importFile = (channel: string, path: string) => {
      const started = performance.now();
      return timed(() =>
        importCsvFile(database.prisma, team.id, channel, path, NOW, {
          onProgress: (progress) => {
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            const heapMiB = Math.round(process.memoryUsage().heapUsed / 1048576);
            const state = `${seconds} s, RSS ${Math.round(rssMiB())} MiB, heap ${heapMiB} MiB`;
            if (progress.stage === 'reading')
              process.stderr.write(`  ${progress.rows} rows read (${progress.rowsPerSecond} rows/s; ${state})\n`);
            else process.stderr.write(`  ${progress.videos} of ${progress.of} videos written (${state})\n`);
          },
        }),
      );
    };
    const report = args.changedCsvPath
      ? await reimportRounds(importFile, args.csvPath, args.changedCsvPath)
      : await largeImport(importFile, args.csvPath);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await database.close();
  }
}

type ImportFile = (channel: string, path: string) => Promise<{ value: ImportReport; seconds: number }>;

async function largeImport(importFile: ImportFile, path: string): Promise<ImportChildReport> {
  const baseRssMiB = rssMiB();
  const first = await importFile('Bench channel', path);
  const importPeakRssMiB = peakRssMiB();
  const second = await importFile('Bench channel', path);
  return {
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
}

/** Each round: the first export into a new channel, then the next export, in which every video changed. */
async function reimportRounds(importFile: ImportFile, path: string, changedPath: string): Promise<ReimportChildReport> {
  const firsts: number[] = [];
  const changes: number[] = [];
  let updated = 0;
  let videos = 0;
  for (let round = 1; round <= REIMPORT_ROUNDS; round++) {
    const first = await importFile(`Reimport ${round}`, path);
    const changed = await importFile(`Reimport ${round}`, changedPath);
    firsts.push(first.seconds);
    changes.push(changed.seconds);
    videos = first.value.created;
    updated = changed.value.updated;
  }
  return {
    rounds: REIMPORT_ROUNDS,
    videos,
    updated,
    firstSeconds: median(firsts) ?? 0,
    changedSeconds: median(changes) ?? 0,
  };
}

await main();
