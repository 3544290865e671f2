import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/bot/cli/render-terminal.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { loadConfig } from '../../src/core/config.js';
import { type Database, openDatabase } from '../../src/core/db/database.js';
import { databaseUnavailable } from '../../src/core/db/database-errors.js';
import { inDriverTransaction, registerDriver } from '../../src/core/db/driver-transaction.js';
import { commandContext } from '../support/command-context.js';

// A PostgreSQL that is stopped (nothing listens) or goes away (the connection drops), through the real
// @prisma/adapter-pg: the user reads that the database is unavailable and where it should run, with an
// error id, and never the credentials of DATABASE_URL.

const PASSWORD = 's3cret-pw';
const servers: Server[] = [];

async function listen(onConnection: (socket: import('node:net').Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const port = await listen(() => {});
  const server = servers.pop() as Server;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('a database that is down', () => {
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((database) => database.close().catch(() => {})));
  });

  async function statsOn(port: number) {
    const databaseUrl = `postgres://tubepilot:${PASSWORD}@127.0.0.1:${port}/tubepilot`;
    const database = await openDatabase({ databaseUrl, dataDir: '/nonexistent', migrate: false });
    opened.push(database);
    const ctx = await commandContext(database.prisma, { team: { id: 1, name: 'Acme' } });
    ctx.config = loadConfig({ DATABASE_URL: databaseUrl });
    const reply = await executeCommand(ctx, 'stats', { words: [] });
    return { reply, shown: renderTerminal(reply, { color: false }), log: JSON.stringify(ctx.logLines) };
  }

  it('stopped (nothing listens): unavailable, where, and an error id that is in the log', async () => {
    const port = await closedPort();
    const { reply, shown, log } = await statsOn(port);
    expect(shown).toBe(
      [
        '✖ The database is unavailable',
        `The database is unavailable (cannot connect): check that PostgreSQL is running at 127.0.0.1:${port}.`,
        '',
        `  Error id  ${reply.errorId} (quote it to your operator; it is in the log)`,
      ].join('\n'),
    );
    expect(log).toContain(`"errorId":"${reply.errorId}"`);
    expect(shown + log).not.toContain(PASSWORD);
  });

  it('stopped, met by the import’s own driver connection: unavailable too, without credentials', async () => {
    const port = await closedPort();
    const client = {};
    registerDriver(client, {
      kind: 'postgres',
      connectionString: `postgres://tubepilot:${PASSWORD}@127.0.0.1:${port}/x`,
    });
    const error = await inDriverTransaction(client, async () => 'ran').catch((caught: unknown) => caught);
    expect(databaseUnavailable(error)).toEqual({ reason: 'connection refused', address: `127.0.0.1:${port}` });
  });

  it('going away mid-connection: the connection was closed, at the address of DATABASE_URL', async () => {
    const port = await listen((socket) => socket.destroy());
    const { reply, shown } = await statsOn(port);
    expect(reply).toMatchObject({ kind: 'error', title: 'The database is unavailable' });
    expect(reply.summary).toBe(
      `The database is unavailable (the connection was closed): check that PostgreSQL is running at 127.0.0.1:${port}.`,
    );
    expect(shown).not.toContain(PASSWORD);
  });
});

describe('databaseUnavailable', () => {
  let refused: Error;
  beforeAll(() => {
    refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 443,
    });
  });

  it('does not blame the database for another service refusing a connection', () => {
    expect(databaseUnavailable(refused, 'postgres://u:p@db.internal:5432/x')).toBeUndefined();
  });

  it('reads a refused socket inside a Prisma error, and never shows credentials', () => {
    const prisma = Object.assign(new Error('…'), { name: 'PrismaClientUnknownRequestError', cause: refused });
    expect(databaseUnavailable(prisma)).toEqual({ reason: 'connection refused', address: '127.0.0.1:443' });
    const closed = Object.assign(new Error('…'), { name: 'PrismaClientKnownRequestError', code: 'P1017' });
    expect(databaseUnavailable(closed, 'postgresql://admin:hunter2@db.internal/x')).toEqual({
      reason: 'the connection was closed',
      address: 'db.internal:5432',
    });
  });
});
