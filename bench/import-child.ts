// Runs CSV imports in their own process so peak memory is the imports' alone. Started by import-speed.ts with
// a JSON argument (ImportChildArgs); prints one JSON line to stdout: with `changedCsvPath`, rounds of a first
// import and a changed re-import (ReimportChildReport); otherwise one large import and the same import again
// (ImportChildReport). Progress, with elapsed time and memory, goes to stderr.

import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ensureLocalTeam } from '../src/core/channels/teams.js';
import { openDatabase } from '../src/core/db/database.js';
import { type ImportReport, importCsvFile } from '../src/core/import/import-csv.js';
import { median } from '../src/core/stats/summary-statistics.js';
import type { ImportChildArgs, ImportChildReport, ReimportChildReport } from './import-speed.js';
import { describeStageCpu, type StageCpu } from './import-stage-cpu.js';

const NOW = new Date('2025-06-01T00:00:00Z');
/** First import and changed re-import are each timed this many times, in fresh channels; medians are reported. */
const REIMPORT_ROUNDS = 5;

/** Linux's clock ticks per second (USER_HZ), the unit of CPU times in /proc/PID/stat. */
const CLOCK_TICKS = 100;
const BACKEND_POLL_MS = 200;

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
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
    const importFile: ImportFile = async (channel, path) => {
      const started = performance.now();
      const backend = backendWatcher(args.databaseUrl);
      const startCpu = cpuSeconds();
      let readEnd = { seconds: 0, cpu: startCpu, server: null as number | null };
      let writeEnd = { cpu: startCpu, server: null as number | null };
      const result = await timed(() =>
        importCsvFile(database.prisma, team.id, channel, path, NOW, {
          onProgress: (progress) => {
            if (progress.done && progress.stage === 'reading') {
              readEnd = { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(), server: backend.cpuS() };
            } else if (progress.done) {
              writeEnd = { cpu: cpuSeconds(), server: backend.cpuS() };
            }
            const seconds = ((performance.now() - started) / 1000).toFixed(1);
            const heapMiB = Math.round(process.memoryUsage().heapUsed / 1048576);
            const state = `${seconds} s, RSS ${Math.round(rssMiB())} MiB, heap ${heapMiB} MiB`;
            if (progress.stage === 'reading')
              process.stderr.write(`  ${progress.rows} rows read (${progress.rowsPerSecond} rows/s; ${state})\n`);
            else process.stderr.write(`  ${progress.videos} of ${progress.of} videos written (${state})\n`);
          },
        }),
      );
      await backend.stop();
      const serverRead = readEnd.server;
      const cpu: StageCpu = {
        readSeconds: readEnd.seconds,
        readCpuS: readEnd.cpu - startCpu,
        writeCpuS: writeEnd.cpu - readEnd.cpu,
        serverReadCpuS: serverRead,
        serverWriteCpuS: serverRead === null || writeEnd.server === null ? null : writeEnd.server - serverRead,
      };
      process.stderr.write(`  import done in ${result.seconds.toFixed(1)} s, ${describeStageCpu(cpu)}\n`);
      return { ...result, cpu };
    };
    const report = args.changedCsvPath
      ? await reimportRounds(importFile, args.csvPath, args.changedCsvPath)
      : await largeImport(importFile, args.csvPath);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await database.close();
  }
}

type ImportFile = (channel: string, path: string) => Promise<{ value: ImportReport; seconds: number; cpu: StageCpu }>;

/**
 * Finds the PostgreSQL backend running the import (the one connection of the database inside a transaction)
 * while it runs, so its CPU time can be read from /proc at each stage's end: the progress callback is
 * synchronous, and the backend is gone once the import has committed. Same machine only; null elsewhere.
 */
function backendWatcher(databaseUrl: string | undefined): { cpuS(): number | null; stop(): Promise<void> } {
  if (databaseUrl === undefined) return { cpuS: () => null, stop: async () => {} };
  const monitor = new pg.Client({ connectionString: databaseUrl });
  let pid: number | null = null;
  let stopped = false;
  const poll = async () => {
    const { rows } = await monitor.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND xact_start IS NOT NULL AND backend_type = 'client backend' ORDER BY xact_start LIMIT 1`,
    );
    pid = rows[0]?.pid ?? pid;
  };
  const timer = setInterval(() => {
    if (!stopped) poll().catch(() => {});
  }, BACKEND_POLL_MS);
  const connected = monitor.connect().catch(() => {});
  return {
    cpuS() {
      if (pid === null) return null;
      try {
        // Fields 14 and 15 (utime, stime) after the parenthesised command name.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      } catch {
        return null;
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await connected;
      await monitor.end().catch(() => {});
    },
  };
}

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
    cpu: first.cpu,
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
