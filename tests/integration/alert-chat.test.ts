import { webApi } from '@slack/bolt';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChatBot, startChatBot } from '../../src/bot/chat-bot.js';
import { createDiscordRest, DiscordPoster } from '../../src/bot/discord/discord-poster.js';
import { SlackPoster, slackClientOptions } from '../../src/bot/slack/slack-poster.js';
import { alertReply } from '../../src/core/alerts/alert-reply.js';
import { breakoutOf } from '../../src/core/alerts/breakout-bands.js';
import { channelData } from '../../src/core/analytics/analytics-video.js';
import { ensureChatTeam } from '../../src/core/channels/teams.js';
import { bandChart } from '../../src/core/charts/band-chart.js';
import { renderChartImages } from '../../src/core/charts/chart-renderer.js';
import { localChartRenderer } from '../../src/core/charts/local-chart-renderer.js';
import type { ChatPlatform } from '../../src/core/chat/chat-poster.js';
import { loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/database.js';
import { ensureDemoChannel } from '../../src/core/demo/seed-demo.js';
import type { Reply } from '../../src/core/reply.js';
import { waitFor } from '../fakes/chat-fake-server.js';
import { discordSigningKeys, type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { type FakeSlack, slackSignature, startFakeSlack } from '../fakes/fake-slack.js';
import { blankVideo } from '../support/analytics-videos.js';
import { describeEachBackend } from '../support/backends.js';
import { slackTestConfig } from '../support/chat-bot-setup.js';
import { memoryLog } from '../support/command-context.js';
import { postSigned, rawButtonClick, TEST_DISCORD_APP } from '../support/discord-interaction.js';
import { pngSize } from '../support/png.js';

// A breakout alert as Discord and Slack show it — embed or blocks, the band chart as a file, the Stop button —
// posted through the real clients to the fakes, and the Stop button clicked with signed payloads: a manager's
// click stops the room's alerts, a member's is refused as typing /alerts stop would be, and changes nothing.

const now = new Date('2026-11-23T12:00:00Z');
const HOUR_MS = 3_600_000;
const SECRET = 'test-signing-secret';
let suiteCounter = 0;

/** A young video far above fifteen earlier ones read hourly: a real alert Reply with its rendered chart. */
async function sampleAlert(): Promise<Reply> {
  const published = new Date('2026-11-01T00:00:00Z').getTime();
  const video = (id: string, start: number, perHour: number, hours: number) => {
    const snapshots = Array.from({ length: hours }, (_, index) => ({
      at: new Date(start + (index + 1) * HOUR_MS),
      views: Math.round(perHour * (index + 1) ** 0.7),
      engagedViews: null,
    }));
    return blankVideo({ id, title: `Video ${id}`, isShort: true, publishedAt: new Date(start), snapshots });
  };
  const peers = Array.from({ length: 15 }, (_, index) =>
    video(`p${index}`, published - (index + 1) * 86_400_000, 80 + 5 * index, 48),
  );
  const data = channelData('UTC', [...peers, video('new', published, 400, 8)]);
  const breakout = breakoutOf(data, 'new');
  if (!breakout || breakout.level === 0) throw new Error('expected a breakout');
  const spec = bandChart({ videoTitle: 'Video new', points: breakout.byHour });
  const { images } = await renderChartImages(localChartRenderer(), spec ? [spec] : []);
  return alertReply({
    channel: { name: 'demo', title: 'Demo channel' },
    video: { id: 'new', title: 'Video new' },
    breakout,
    level: breakout.level,
    prediction: { insufficient: true, reason: 'the video is 0.3 days old; a prediction needs day 1' },
    strengths: [],
    chart: images[0] ?? null,
  });
}

async function alertRoom(db: Db, platform: ChatPlatform, externalId: string, roomId: string) {
  const team = await ensureChatTeam(db, platform, externalId, 'Acme');
  const { channelId } = await ensureDemoChannel(db, team.id, { seed: 3, endDate: new Date('2026-11-23T00:00:00Z') });
  return db.alertRoom.create({ data: { teamId: team.id, channelId, platform, roomId } });
}

describeEachBackend('breakout alerts on Discord', (database) => {
  let discord: FakeDiscord;
  let bot: ChatBot;
  let url: string;
  let config: ReturnType<typeof loadConfig>;
  const keys = discordSigningKeys();
  const guild = `GA${process.pid}x${++suiteCounter}`;

  beforeAll(async () => {
    discord = await startFakeDiscord();
    config = loadConfig({
      DISCORD_TOKEN: 'bot-token',
      DISCORD_APPLICATION_ID: TEST_DISCORD_APP,
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_MODE: 'http',
      DISCORD_API_URL: discord.apiUrl,
      HTTP_PORT: '0',
    });
    bot = await startChatBot(
      { db: database().prisma, config, log: memoryLog().log, now: () => now },
      { host: '127.0.0.1' },
    );
    url = `http://127.0.0.1:${bot.http?.port}/discord/interactions`;
  });
  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
  });

  async function signedClick(customId: string, roomId: string, permissions?: bigint) {
    const raw = rawButtonClick(customId, { guild, channel: roomId, ...(permissions ? { permissions } : {}) });
    discord.interaction(raw.token, raw.channel_id);
    const response = await postSigned(url, JSON.stringify(raw), keys.sign);
    expect(response.status).toBe(200);
    // The answer: the deferred message edited (PATCH), or a private follow-up (POST) after deleting it.
    return waitFor(() =>
      discord.calls.find(
        (call) =>
          (call.method === 'PATCH' && call.route.includes(raw.token)) ||
          (call.method === 'POST' && call.route.endsWith(`/webhooks/${TEST_DISCORD_APP}/${raw.token}`)),
      ),
    );
  }

  it('posts the alert as an embed with the band chart and a Stop button; a manager’s signed click stops the room, a member’s is refused', async () => {
    const db = database().prisma;
    const roomId = '730000000000000001';
    const room = await alertRoom(db, 'discord', guild, roomId);
    const poster = new DiscordPoster(createDiscordRest(config));
    await poster.postToRoom(roomId, await sampleAlert(), { marker: 'tp-alert-1' });
    const [message] = discord.messages(roomId);
    if (!message) throw new Error('nothing posted');
    const embeds = message.embeds as { title?: string; image?: { url: string }; fields?: { name: string }[] }[];
    expect(embeds[0]?.title).toBe('Breakout: Video new');
    expect(embeds[0]?.fields?.map((field) => field.name)).toContain('Predicted views at 7 days');
    expect(embeds.map((embed) => embed.image?.url)).toContain('attachment://breakout-bands.png');
    const sent = discord.calls.find((call) => call.method === 'POST' && call.route === `/channels/${roomId}/messages`);
    const file = sent?.files[0];
    expect(file?.name).toBe('breakout-bands.png');
    expect(pngSize(file?.data as Buffer)).toEqual({ width: 800, height: 400 });
    const button = (message.components as { components: { custom_id: string; label: string; style: number }[] }[])[0]
      ?.components[0];
    expect(button).toMatchObject({ label: 'Stop alerts', style: 4 });

    const refused = await signedClick(button?.custom_id as string, roomId);
    expect(JSON.stringify(refused.body)).toContain('Not allowed');
    expect((await db.alertRoom.findUniqueOrThrow({ where: { id: room.id } })).enabled).toBe(true);

    const stopped = await signedClick(button?.custom_id as string, roomId, PermissionFlagsBits.ManageGuild);
    expect(JSON.stringify(stopped.body)).toContain('Breakout alerts stopped');
    expect((await db.alertRoom.findUniqueOrThrow({ where: { id: room.id } })).enabled).toBe(false);
  });
});

describeEachBackend('breakout alerts on Slack', (database) => {
  let slack: FakeSlack;
  let bot: ChatBot;
  let url: string;
  let config: ReturnType<typeof loadConfig>;
  const workspace = `TA${process.pid}x${++suiteCounter}`;
  let counter = 0;

  beforeAll(async () => {
    slack = await startFakeSlack();
    config = slackTestConfig(slack.apiUrl, SECRET);
    bot = await startChatBot(
      { db: database().prisma, config, log: memoryLog().log, now: () => now },
      { host: '127.0.0.1' },
    );
    url = `http://127.0.0.1:${bot.http?.port}/slack/events`;
  });
  afterAll(async () => {
    await bot?.stop();
    await slack?.close();
  });

  type Button = { type: string; action_id: string; value: string; style?: string; text: { text: string } };

  async function signedClick(button: Button, channel: string, user: string) {
    const id = `a${++counter}`;
    const payload = {
      type: 'block_actions',
      team: { id: workspace, domain: 'acme' },
      user: { id: user, username: 'ana', name: 'ana', team_id: workspace },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: '1.000001', channel_id: channel, is_ephemeral: false },
      channel: { id: channel, name: 'youtube' },
      message: { type: 'message', ts: '1.000001', text: 'reply', blocks: [] },
      response_url: slack.responseUrl(id),
      actions: [{ ...button, block_id: 'b1', action_ts: '2.000002' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const response = await fetch(url, { method: 'POST', headers: slackSignature(SECRET, body), body });
    expect(response.status).toBe(200);
    return id;
  }

  it('posts the alert as blocks with the chart uploaded and a Stop button; an admin’s signed click stops the room, a member’s is refused', async () => {
    const db = database().prisma;
    const channel = 'CALERTS1';
    const room = await alertRoom(db, 'slack', workspace, channel);
    slack.users.set('UADMIN', { is_admin: true });
    slack.users.set('UMEMBER', {});
    const poster = new SlackPoster(new webApi.WebClient('xoxb-test-token', slackClientOptions(config)));
    await poster.postToRoom(channel, await sampleAlert(), { marker: 'tp-alert-2' });
    const post = slack
      .callsOf('chat.postMessage')
      .find((call) => call.body.channel === channel && !call.body.thread_ts);
    expect(JSON.stringify(post?.body.blocks)).toContain('Breakout: Video new');
    expect(JSON.stringify(post?.body.blocks)).toContain('Predicted views at 7 days');
    // The chart goes into the alert's thread, as the digest's do.
    const completed = slack.callsOf('files.completeUploadExternal').find((call) => call.body.channel_id === channel);
    expect(completed?.body.thread_ts).toEqual(expect.any(String));
    const [fileId] = ((completed?.body.files ?? []) as { id: string }[]).map((file) => file.id);
    const upload = slack.callsOf('upload').find((call) => call.body.fileId === fileId);
    expect(pngSize(upload?.files[0]?.data ?? Buffer.alloc(0))).toEqual({ width: 800, height: 400 });
    const buttons = ((post?.body.blocks ?? []) as { type: string; elements?: Button[] }[])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);
    expect(buttons.map((button) => [button.text.text, button.style])).toEqual([['Stop alerts', 'danger']]);
    const stop = buttons[0] as Button;

    const refused = await signedClick(stop, channel, 'UMEMBER');
    const answer = await waitFor(() => slack.callsOf('respond').find((call) => call.body.id === refused));
    expect(JSON.stringify(answer.body.blocks)).toContain('Not allowed');
    expect((await db.alertRoom.findUniqueOrThrow({ where: { id: room.id } })).enabled).toBe(true);

    await signedClick(stop, channel, 'UADMIN');
    await waitFor(() =>
      slack
        .callsOf('chat.postMessage')
        .find(
          (call) =>
            call.body.channel === channel && JSON.stringify(call.body.blocks).includes('Breakout alerts stopped'),
        ),
    );
    expect((await db.alertRoom.findUniqueOrThrow({ where: { id: room.id } })).enabled).toBe(false);
  });
});
