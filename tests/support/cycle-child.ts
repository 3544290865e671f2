// A cycle process to be killed: runs one pass of the daily cycle against DATABASE_URL at the given time
// with a poster that announces the post on stdout and then never finishes it. The test kills this process
// there, between the claim and the send.
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { ChatPoster } from '../../src/core/chat/chat-poster.js';
import { openDatabase } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logger.js';
import { runDailyCycle } from '../../src/jobs/daily-cycle.js';

const [url, at] = process.argv.slice(2) as [string, string];
const hangingPoster: ChatPoster = {
  platform: 'discord',
  postToRoom(roomId) {
    process.stdout.write(`posting ${roomId}\n`);
    return new Promise(() => {});
  },
  async findPosted() {
    return undefined;
  },
  openThread() {
    return new Promise(() => {});
  },
};
const database = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
await runDailyCycle(
  {
    db: database.prisma,
    log: createLogger('silent'),
    renderer: localChartRenderer(),
    posters: { discord: hangingPoster },
    dailyUnitBudget: 10_000,
    dailyTokenBudget: 30_000,
    policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
  },
  new Date(at),
);
