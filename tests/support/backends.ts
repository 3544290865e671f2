import { afterAll, beforeAll, describe } from 'vitest';
import type { Database } from '../../src/core/db/database.js';
import { type Backend, backends, openTestDatabase, postgresAvailable } from './test-databases.js';

const postgresOk = await postgresAvailable();

/**
 * Declares the same suite once per storage backend: embedded PGlite and a real PostgreSQL server. The
 * server suite is skipped, with a printed notice, only when no server can be reached.
 */
export function describeEachBackend(name: string, suite: (database: () => Database, backend: Backend) => void): void {
  for (const backend of backends) {
    describe.skipIf(backend === 'postgres' && !postgresOk)(`${name} [${backend}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await openTestDatabase(backend);
      });
      afterAll(async () => {
        await database?.close();
      });
      suite(() => {
        if (!database) throw new Error('test database not open');
        return database;
      }, backend);
    });
  }
}
