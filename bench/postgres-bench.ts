// A database of its own on the benchmark's PostgreSQL server (BENCH_POSTGRES_URL, else the local test server),
// migrated as TubePilot migrates at start-up and dropped afterwards; null when no server answers.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/core/db/database.js';

export const BENCH_POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function postgresBenchUrl(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const name = `tubepilot_bench_${randomBytes(4).toString('hex')}`;
  try {
    await adminQuery(`CREATE DATABASE ${name}`);
  } catch {
    return null;
  }
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  try {
    await (await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused' })).close();
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), drop };
}
