import { defineConfig } from 'prisma/config';

// Migrations are applied by TubePilot itself at start (src/core/db/migrate.ts) through Prisma's WASM
// schema engine; on a machine with internet access `prisma migrate deploy` reads the same folder.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
