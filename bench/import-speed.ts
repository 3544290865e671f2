// Import speed: large TubePilot CSVs (100,000 and 1,000,000 rows) imported into each database target, and a
// changed re-import of 3,000 videos against their first import (issue 17: at most 2× its time). Each runs in a
// child process (bench/import-child.ts) so its time and peak memory are not mixed with the runner's.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, redactUrl } from '../src/core/db/database.js';
import type { Benchmark, BenchOptions, BenchTable } from './benchmark.js';
import { describeStageCpu, type StageCpu } from './import-stage-cpu.js';
import { type CsvShape, writeTubePilotCsv } from './tubepilot-csv.js';

/** What the child is told, as its JSON argument. */
export interface ImportChildArgs {
  /** Unset for embedded PGlite under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  csvPath: string;
  /** Set for the re-import rounds: the next export of csvPath's videos, every one of them changed. */
  changedCsvPath?: string;
}

/** What the child reports, as one JSON line. */
export interface ImportChildReport {
  dataRows: number;
  skippedRows: number;
  videos: number;
  snapshots: number;
  seconds: number;
  /** Where the first import's time went, stage by stage. */
  cpu: StageCpu;
  /** RSS with the database open, before the import: the floor under the peak. */
  baseRssMiB: number;
  peakRssMiB: number;
  reimportSeconds: number;
  /** Videos created or updated plus snapshots added by the second import; 0 when it is the no-op it should be. */
  reimportChanged: number;
}

/** What the child reports for the re-import rounds (medians over the rounds). */
export interface ReimportChildReport {
  rounds: number;
  videos: number;
  /** Videos the changed re-import updated: all of them, when it did what it should. */
  updated: number;
  firstSeconds: number;
  changedSeconds: number;
}

/** A database ready for the child, migrated, and how to get rid of it. */
interface PreparedTarget {
  label: string;
  databaseUrl?: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

type TargetOutcome = { prepared: PreparedTarget } | { label: string; skipped: string };

const SNAPSHOTS_PER_VIDEO = 5;
/** The yardstick is the million-row file: under 500 MiB peak RSS, at least 20,000 rows/s on PostgreSQL. */
const FULL_SHAPES: CsvShape[] = [
  { videos: 20_000, snapshotsPerVideo: SNAPSHOTS_PER_VIDEO },
  { videos: 200_000, snapshotsPerVideo: SNAPSHOTS_PER_VIDEO },
];
const QUICK_SHAPES: CsvShape[] = [{ videos: 1_000, snapshotsPerVideo: SNAPSHOTS_PER_VIDEO }];
/** Two weekly exports of the same videos: the second changes every video's figures. */
const REIMPORT_VIDEOS = 3_000;
const QUICK_REIMPORT_VIDEOS = 300;
const SEED = 'bench:import-speed';
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** A child running longer than this is killed and reported as such. */
const CHILD_TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 1800) * 1000;
/** Set to a directory to get a .cpuprofile of each child (open in Chrome DevTools). */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;
/** BENCH_IMPORT_TARGETS=postgres (or pglite) runs one target: a million rows on loaded PGlite take long. */
const TARGETS = (process.env.BENCH_IMPORT_TARGETS ?? 'pglite,postgres').split(',').map((name) => {
  const prepare = { pglite: preparePglite, postgres: preparePostgres }[name.trim()];
  if (prepare === undefined) throw new Error(`BENCH_IMPORT_TARGETS: unknown target "${name}" (pglite, postgres)`);
  return prepare;
});
const CHILD_SCRIPT = fileURLToPath(new URL('./import-child.ts', import.meta.url));

const COLUMNS = ['target', 'rows', 'videos', 'snapshots', 'seconds', 'rows/s', 'base MiB', 'peak MiB', 're-import s'];

export const importSpeed: Benchmark = {
  name: 'import-speed',
  run: runImportSpeed,
};

async function runImportSpeed({ quick }: BenchOptions): Promise<BenchTable> {
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const shape of quick ? QUICK_SHAPES : FULL_SHAPES) {
    const workDir = await mkdtemp(join(tmpdir(), 'tubepilot-bench-'));
    try {
      const csv = await writeTubePilotCsv(workDir, shape, SEED);
      progress(`CSV of ${(csv.bytes / 1048576).toFixed(1)} MiB at ${csv.path}`);
      for (const prepare of TARGETS) {
        const outcome = await prepare(workDir);
        if ('skipped' in outcome) {
          rows.push([outcome.label, outcome.skipped]);
          continue;
        }
        const { prepared } = outcome;
        try {
          progress(`importing ${shape.videos * shape.snapshotsPerVideo} rows into ${prepared.label}…`);
          const result = await runChild<ImportChildReport>({
            databaseUrl: prepared.databaseUrl,
            dataDir: prepared.dataDir,
            csvPath: csv.path,
          });
          if ('failed' in result) {
            rows.push([prepared.label, `failed: ${result.failed}`]);
            continue;
          }
          rows.push(resultRow(prepared.label, result));
          notes.push(cpuNote(prepared.label, result));
          notes.push(...sanityNotes(prepared.label, shape, result));
        } finally {
          await prepared.cleanup();
        }
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
  notes.push(...(await reimportNotes(quick ? QUICK_REIMPORT_VIDEOS : REIMPORT_VIDEOS)));
  return {
    title: `Import speed (TubePilot CSVs, ${SNAPSHOTS_PER_VIDEO} weekly snapshot rows per video; one transaction each)`,
    columns: COLUMNS,
    rows,
    notes,
  };
}

/** One note per target: the changed re-import's median time against the first import's, and their ratio. */
async function reimportNotes(videos: number): Promise<string[]> {
  const notes: string[] = [];
  const workDir = await mkdtemp(join(tmpdir(), 'tubepilot-bench-'));
  try {
    const first = await writeTubePilotCsv(workDir, { videos, snapshotsPerVideo: 2, onlyWeek: 0 }, SEED);
    const changed = await writeTubePilotCsv(workDir, { videos, snapshotsPerVideo: 2, onlyWeek: 1 }, SEED);
    for (const prepare of TARGETS) {
      const outcome = await prepare(workDir);
      if ('skipped' in outcome) continue;
      const { prepared } = outcome;
      try {
        progress(`first import and changed re-import of ${videos} videos into ${prepared.label}…`);
        const result = await runChild<ReimportChildReport>({
          databaseUrl: prepared.databaseUrl,
          dataDir: prepared.dataDir,
          csvPath: first.path,
          changedCsvPath: changed.path,
        });
        if ('failed' in result) {
          notes.push(`${prepared.label}: changed re-import failed: ${result.failed}`);
          continue;
        }
        const ratio = result.changedSeconds / result.firstSeconds;
        notes.push(
          `${prepared.label}: changed re-import of ${result.videos} videos ${result.changedSeconds.toFixed(3)} s, ` +
            `first import ${result.firstSeconds.toFixed(3)} s: ${ratio.toFixed(2)}× (medians of ${result.rounds}; goal ≤ 2×)` +
            (result.updated === result.videos ? '' : `; only ${result.updated} videos updated`),
        );
      } finally {
        await prepared.cleanup();
      }
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return notes;
}

function resultRow(label: string, report: ImportChildReport): string[] {
  return [
    label,
    String(report.dataRows),
    String(report.videos),
    String(report.snapshots),
    report.seconds.toFixed(2),
    String(Math.round(report.dataRows / report.seconds)),
    String(Math.round(report.baseRssMiB)),
    String(Math.round(report.peakRssMiB)),
    report.reimportSeconds.toFixed(2),
  ];
}

/** The reading stage's time and the CPU seconds of each stage, in the client and in the server's backend. */
function cpuNote(label: string, { dataRows, cpu }: ImportChildReport): string {
  return `${label}, ${dataRows} rows: ${describeStageCpu(cpu)}`;
}

/** Notes when the import did not do what the file asks for, so fast-but-wrong figures are not taken at face value. */
function sanityNotes(label: string, shape: CsvShape, report: ImportChildReport): string[] {
  const notes: string[] = [];
  const expectedRows = shape.videos * shape.snapshotsPerVideo;
  if (report.skippedRows > 0) notes.push(`${label}: ${report.skippedRows} rows skipped by the parser`);
  if (report.videos !== shape.videos || report.snapshots !== expectedRows) {
    notes.push(`${label}: expected ${shape.videos} videos and ${expectedRows} snapshots`);
  }
  if (report.reimportChanged > 0) notes.push(`${label}: the re-import changed ${report.reimportChanged} records`);
  return notes;
}

/** A fresh on-disk PGlite, migrated here so initdb and migrations stay out of the child's time and memory. */
async function preparePglite(workDir: string): Promise<TargetOutcome> {
  const dataDir = await mkdtemp(join(workDir, 'pglite-'));
  const database = await openDatabase({ dataDir });
  await database.close();
  return {
    prepared: { label: 'PGlite (disk)', dataDir, cleanup: () => rm(dataDir, { recursive: true, force: true }) },
  };
}

/** A fresh, migrated database on the server, dropped by cleanup; skipped when no server answers. */
async function preparePostgres(workDir: string): Promise<TargetOutcome> {
  const serverVersion = await postgresServerVersion(POSTGRES_URL);
  if (serverVersion === null)
    return { label: 'PostgreSQL', skipped: `skipped: no PostgreSQL at ${redactUrl(POSTGRES_URL)}` };
  const name = `tubepilot_bench_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const dropDatabase = () => adminQuery(`DROP DATABASE IF EXISTS ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: workDir });
    await database.close();
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  const label = `PostgreSQL ${serverVersion}`;
  return { prepared: { label, databaseUrl: url.toString(), dataDir: workDir, cleanup: dropDatabase } };
}

/** The server's major version, or null when it cannot be reached. */
async function postgresServerVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version.split(/[.\s]/)[0] ?? '?';
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs import-child.ts; a crash, out-of-memory or timeout comes back as `failed` with the reason. */
function runChild<R>(args: ImportChildArgs): Promise<R | { failed: string }> {
  const profileArgs = CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...profileArgs, CHILD_SCRIPT, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CHILD_TIMEOUT_MS,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    // The child's progress lines are shown as they come; a long import should not look hung.
    process.stderr.write(chunk);
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(JSON.parse(lastLine(stdout)) as R);
        return;
      }
      const why = signal ? `killed by ${signal}${signal === 'SIGTERM' ? ' (timeout?)' : ''}` : `exit code ${code}`;
      resolve({ failed: `${why}; ${errorLine(stderr)}` });
    });
  });
}

/** The child's report is its last stdout line; anything a library printed before it is ignored. */
function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}

/** The line of the child's stderr that says what went wrong, rather than the last frame of a stack trace. */
function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  return lines.find((line) => /FATAL|Error\b|error:/.test(line)) ?? (lastLine(stderr) || 'no error output');
}

function progress(message: string): void {
  console.error(`import-speed: ${message}`);
}
