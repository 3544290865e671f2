// The bot under load for chat-latency.ts, in its own process so the load generator and the fake platform
// APIs do not share its event loop. Takes the environment as a JSON argument, prints `{"port":N}` once it
// listens, and stops when its standard input closes.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChatBot } from '../src/bot/chat-bot.js';
import { ensureChatTeam } from '../src/core/channels/teams.js';
import { loadConfig } from '../src/core/config.js';
import { openDatabase } from '../src/core/db/database.js';
import { demoEndDate, ensureDemoChannel } from '../src/core/demo/seed-demo.js';
import { createLogger } from '../src/core/logger.js';
import { BENCH_TEAMS } from './chat-latency.js';

async function main(): Promise<void> {
  const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
  const dataDir = await mkdtemp(join(tmpdir(), 'tubepilot-bench-'));
  const database = await openDatabase({ databaseUrl: 'memory://', dataDir });
  const db = database.prisma;
  for (const [platform, id] of Object.entries(BENCH_TEAMS) as ['slack' | 'discord', string][]) {
    const team = await ensureChatTeam(db, platform, id, 'bench');
    await ensureDemoChannel(db, team.id, { seed: 42, endDate: demoEndDate(new Date()) });
  }
  const bot = await startChatBot(
    { db, config: loadConfig(env), log: createLogger('silent'), now: () => new Date() },
    { host: '127.0.0.1' },
  );
  process.stdout.write(`${JSON.stringify({ port: bot.http?.port })}\n`);
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await bot.stop();
  await database.close();
  await rm(dataDir, { recursive: true, force: true });
}

await main();
