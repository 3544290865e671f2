// A cycle process to be killed: runs one pass of the daily cycle against DATABASE_URL at the given time.
// Without a platform its poster announces the post on stdout and never finishes it: the test kills this
// process between the claim and the send. With a platform and the fake's API URL, the real poster posts to
// the fake platform, announces it, and then never returns: the test kills it after the platform accepted
// the post and before the cycle recorded it.
import { webApi } from '@slack/bolt';
import { createDiscordRest, DiscordPoster } from '../../src/bot/discord/discord-poster.js';
import { SlackPoster, slackClientOptions } from '../../src/bot/slack/slack-poster.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { ChatPoster } from '../../src/core/chat/chat-poster.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db/database.js';
import { createLogger } from '../../src/core/logger.js';
import { runDailyCycle } from '../../src/jobs/daily-cycle.js';

const [url, at, platform, apiUrl] = process.argv.slice(2) as [string, string, string?, string?];

function realPoster(): ChatPoster {
  if (platform === 'slack') {
    const config = loadConfig({ SLACK_API_URL: apiUrl });
    return new SlackPoster(new webApi.WebClient('xoxb-test-token', slackClientOptions(config)));
  }
  return new DiscordPoster(createDiscordRest(loadConfig({ DISCORD_TOKEN: 'bot-token', DISCORD_API_URL: apiUrl })));
}

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
  threadKey: (_roomId, threadRef) => threadRef,
};

function dyingAfterPost(real: ChatPoster): ChatPoster {
  return {
    platform: real.platform,
    async postToRoom(roomId, reply, options) {
      await real.postToRoom(roomId, reply, options);
      process.stdout.write(`posted ${roomId}\n`);
      return new Promise(() => {});
    },
    findPosted: (roomId, marker, since) => real.findPosted(roomId, marker, since),
    openThread: () => new Promise(() => {}),
    threadKey: (roomId, threadRef) => real.threadKey(roomId, threadRef),
  };
}

const poster = platform ? dyingAfterPost(realPoster()) : hangingPoster;
const database = await openDatabase({ databaseUrl: url, dataDir: 'unused' });
await runDailyCycle(
  {
    db: database.prisma,
    log: createLogger('silent'),
    renderer: localChartRenderer(),
    posters: { [poster.platform]: poster },
    dailyUnitBudget: 10_000,
    dailyTokenBudget: 30_000,
    policy: { catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 },
  },
  new Date(at),
);
