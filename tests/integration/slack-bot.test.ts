import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type ChatBot, startChatBot } from '../../src/bot/chat-bot.js';
import { answerThreadMessage } from '../../src/bot/chat-discussions.js';
import { startHttpServer } from '../../src/bot/http/http-server.js';
import { createSlackBot } from '../../src/bot/slack/slack-app.js';
import { SlackPoster, slackClientOptions } from '../../src/bot/slack/slack-poster.js';
import { loadConfig } from '../../src/core/config.js';
import { addWebhook, webhookDeliveriesSettled } from '../../src/core/pipeline/webhooks.js';
import type { Reply } from '../../src/core/reply.js';
import { WorkQueue } from '../../src/core/work-queue.js';
import { waitFor } from '../fakes/chat-fake-server.js';
import { type FakeSlack, slackSignature, startFakeSlack } from '../fakes/fake-slack.js';
import { describeEachBackend } from '../support/backends.js';
import { chatTeamWithDemo, slackTestConfig } from '../support/chat-bot-setup.js';
import { postInsight } from '../support/chat-insight.js';
import { memoryLog } from '../support/command-context.js';
import { pngSize } from '../support/png.js';
import { startWebhookSink } from '../support/webhook-sink.js';

// The real Bolt app behind the bot's HTTP server receives signed requests; its Web API calls go to the
// fake Slack, where the posted blocks and files are checked.

const SECRET = 'test-signing-secret';
const now = new Date('2026-11-23T12:00:00Z');
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
let suiteCounter = 0;

type Block = { type: string; text?: { text: string } };

describeEachBackend('Slack bot', (database) => {
  let slack: FakeSlack;
  let bot: ChatBot;
  let url: string;
  let teamId: number;
  let config: ReturnType<typeof loadConfig>;
  const log = memoryLog();
  const workspace = `TS${process.pid}x${++suiteCounter}`;
  let counter = 0;

  beforeAll(async () => {
    slack = await startFakeSlack();
    config = slackTestConfig(slack.apiUrl, SECRET);
    const db = database().prisma;
    teamId = await chatTeamWithDemo(db, 'slack', workspace);
    bot = await startChatBot({ db, config, log: log.log, now: () => now }, { host: '127.0.0.1' });
    url = `http://127.0.0.1:${bot.http?.port}/slack/events`;
  });

  afterAll(async () => {
    await bot?.stop();
    await slack?.close();
  });

  async function signedPost(body: string, headers: Record<string, string>) {
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  }

  /** `/tubepilot <text>` as Slack sends it: form-encoded and signed. Each gets its own channel and response URL. */
  function slashRequest(
    text: string,
    options: { team?: string; user?: string; timestampS?: number; secret?: string; channel?: string } = {},
  ) {
    const id = `r${++counter}`;
    const channel = options.channel ?? `C${counter}`;
    const body = new URLSearchParams({
      token: 'legacy',
      command: '/tubepilot',
      text,
      team_id: options.team ?? workspace,
      team_domain: 'acme',
      channel_id: channel,
      channel_name: 'youtube',
      user_id: options.user ?? 'U1',
      user_name: 'ana',
      response_url: slack.responseUrl(id),
      trigger_id: '1.2.3',
      api_app_id: 'A1',
    }).toString();
    return { body, headers: slackSignature(options.secret ?? SECRET, body, options.timestampS), id, channel };
  }

  async function slash(text: string, options: Parameters<typeof slashRequest>[1] = {}) {
    const { body, headers, id, channel } = slashRequest(text, options);
    const { status, text: ack } = await signedPost(body, headers);
    return { status, ack, id, channel };
  }

  /**
   * Commands run one at a time in arrival order: once a command sent now has answered, anything an earlier
   * request had set running has answered too.
   */
  async function settled() {
    const { channel } = await slash('help');
    await topPost(channel);
  }

  const touching = (...refs: string[]) =>
    slack.calls.filter((call) => refs.some((ref) => [call.body.channel, call.body.id].includes(ref)));

  const topPost = (channel: string) =>
    waitFor(() =>
      slack.callsOf('chat.postMessage').find((call) => call.body.channel === channel && !call.body.thread_ts),
    );
  /** A /stats answer with its discussion thread opened and recorded: the room and the thread's ts. */
  async function statsDiscussion() {
    const { channel } = await slash('stats');
    await topPost(channel);
    const ts = (
      await waitFor(() =>
        slack.callsOf('chat.postMessage').find((call) => call.body.channel === channel && call.body.thread_ts),
      )
    ).body.thread_ts as string;
    await waitFor(() => database().prisma.conversationThread.findFirst({ where: { threadRef: `${channel}:${ts}` } }));
    return { channel, ts };
  }

  const privateAnswer = (id: string) => waitFor(() => slack.callsOf('respond').find((call) => call.body.id === id));

  it('acknowledges a signed /tubepilot stats at once and posts the answer as Block Kit with a discussion thread', async () => {
    const { status, ack, channel } = await slash('stats');
    expect(status).toBe(200);
    expect(JSON.parse(ack)).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Working on') });
    const post = await topPost(channel);
    const blocks = post.body.blocks as Block[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: expect.any(String) } });
    expect(JSON.stringify(blocks)).toContain('Median views');
    expect(JSON.stringify(blocks)).toContain('demo data');
    // /stats is discussable: an invitation in its thread, and the thread remembered with its figures.
    const invite = await waitFor(() =>
      slack.callsOf('chat.postMessage').find((call) => call.body.channel === channel && call.body.thread_ts),
    );
    const threadRef = `${channel}:${invite.body.thread_ts}`;
    const thread = await waitFor(() =>
      database().prisma.conversationThread.findFirst({ where: { platform: 'slack', threadRef } }),
    );
    expect(thread.teamId).toBe(teamId);
    expect(JSON.stringify(thread.context)).toContain('Median views');
  });

  it('answers a question asked in the discussion thread, in the thread, from its figures', async () => {
    const { channel, ts } = await statsDiscussion();
    const event = JSON.stringify({
      token: 'legacy',
      team_id: workspace,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1,
      event: {
        type: 'message',
        channel,
        user: 'U2',
        text: 'what is the median views?',
        ts: '1800000000.000200',
        thread_ts: ts,
        channel_type: 'channel',
      },
    });
    const { status } = await signedPost(event, {
      ...slackSignature(SECRET, event),
      'content-type': 'application/json',
    });
    expect(status).toBe(200);
    const answer = await waitFor(() =>
      slack
        .callsOf('chat.postMessage')
        .find(
          (call) =>
            call.body.channel === channel &&
            call.body.thread_ts === ts &&
            String(JSON.stringify(call.body.blocks)).includes('Re: '),
        ),
    );
    expect(JSON.stringify(answer.body.blocks)).toContain('Median views');
  });

  it('answers a retried event (X-Slack-Retry-Num) with 200 without running it again; runs a retry whose first delivery never arrived', async () => {
    const { channel, ts } = await statsDiscussion();
    const question = (eventId: string) =>
      JSON.stringify({
        token: 'legacy',
        team_id: workspace,
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: eventId,
        event_time: 1,
        event: {
          type: 'message',
          channel,
          user: 'U2',
          text: 'what is the median views?',
          ts: `1800000000.${eventId}`,
          thread_ts: ts,
          channel_type: 'channel',
        },
      });
    // Slack signs each delivery anew: a retry differs from the first delivery in its timestamp and signature.
    const deliver = (event: string, timestampS: number, retryNum?: number) =>
      signedPost(event, {
        ...slackSignature(SECRET, event, timestampS),
        'content-type': 'application/json',
        ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}),
      });
    const nowS = Math.floor(Date.now() / 1000);
    const answers = () =>
      slack
        .callsOf('chat.postMessage')
        .filter(
          (call) =>
            call.body.channel === channel &&
            call.body.thread_ts === ts &&
            String(JSON.stringify(call.body.blocks)).includes('Re: '),
        );
    const first = question(`Ev${counter}a`);
    expect((await deliver(first, nowS - 4)).status).toBe(200);
    await waitFor(() => (answers().length === 1 ? true : undefined));
    expect((await deliver(first, nowS - 2, 1)).status).toBe(200);
    expect((await deliver(first, nowS, 2)).status).toBe(200);
    // Only a retry whose first delivery was lost runs.
    expect((await deliver(question(`Ev${counter}b`), nowS, 1)).status).toBe(200);
    await waitFor(() => (answers().length === 2 ? true : undefined));
    await settled();
    expect(answers()).toHaveLength(2);
  });

  it('explains commands in the /tubepilot syntax users type in Slack', async () => {
    const { channel } = await slash('');
    const help = JSON.stringify((await topPost(channel)).body.blocks);
    expect(help).toContain('/tubepilot analyze — ');
    expect(help).not.toContain('import');
    const one = await slash('help analyze');
    expect(JSON.stringify((await topPost(one.channel)).body.blocks)).toContain(
      '/tubepilot analyze [video:<text>] [channel:<channel>]',
    );
  });

  it('rejects a forged signature, a stale timestamp and one 10 minutes ahead with 401, and runs nothing', async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const forged = await slash('stats', { secret: 'not-the-secret' });
    const stale = await slash('stats', { timestampS: nowS - 10 * 60 });
    const ahead = await slash('stats', { timestampS: nowS + 10 * 60 });
    expect([forged.status, stale.status, ahead.status]).toEqual([401, 401, 401]);
    expect(JSON.parse(ahead.ack)).toEqual({ error: 'request timestamp out of range' });
    await settled();
    const refused = [forged, stale, ahead];
    expect(touching(...refused.flatMap(({ channel, id }) => [channel, id]))).toEqual([]);
  });

  it('acknowledges a command before Bolt runs it, and Bolt gets it once; forged and replayed copies never reach Bolt', async () => {
    const queue = new WorkQueue();
    const slackBot = createSlackBot({ db: database().prisma, config, log: memoryLog().log, now: () => now, queue });
    const dispatched: string[] = [];
    let releaseBolt = () => {};
    const boltHeld = new Promise<void>((resolve) => {
      releaseBolt = resolve;
    });
    // Runs before any listener, so before the listener's own ack().
    slackBot.app.use(async ({ body, next }) => {
      dispatched.push(String((body as { text?: unknown }).text));
      await boltHeld;
      await next();
    });
    const route = slackBot.route;
    if (!route) throw new Error('HTTP mode has a route');
    const http = await startHttpServer([route], { port: 0, host: '127.0.0.1', log: memoryLog().log });
    const post = async (body: string, headers: Record<string, string>) => {
      const response = await fetch(`http://127.0.0.1:${http.port}/slack/events`, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text() };
    };
    try {
      const { body, headers, channel } = slashRequest('help');
      // Bolt is held before its listeners: this acknowledgement cannot come from one.
      const ack = await post(body, headers);
      expect(ack.status).toBe(200);
      expect(JSON.parse(ack.text)).toEqual({ response_type: 'ephemeral', text: '⏳ Working on `/tubepilot help`…' });
      const forged = slashRequest('stats', { secret: 'not-the-secret' });
      expect((await post(forged.body, forged.headers)).status).toBe(401);
      expect((await post(body, headers)).status).toBe(401);
      releaseBolt();
      await topPost(channel);
      await queue.close();
      expect(dispatched).toEqual(['help']);
      expect(touching(forged.channel, forged.id)).toEqual([]);
    } finally {
      await http.close();
    }
  });

  it('runs a signed request once when copies arrive together (recorded in one insert): one is answered, the others refused', async () => {
    const { body, headers, channel, id } = slashRequest('help');
    const copies = await Promise.all([1, 2, 3].map(() => signedPost(body, headers)));
    expect(copies.map((copy) => copy.status).sort()).toEqual([200, 401, 401]);
    await topPost(channel);
    await settled();
    expect(touching(channel, id).filter((call) => !call.body.thread_ts)).toHaveLength(1);
  });

  it('accepts a timestamp a few seconds ahead (clock skew)', async () => {
    const skewed = await slash('help', { timestampS: Math.floor(Date.now() / 1000) + 20 });
    expect(skewed.status).toBe(200);
    await topPost(skewed.channel);
  });

  it('runs a signed request once: the same request sent again is refused, here and in a second app instance on the same database', async () => {
    const second = await startChatBot(
      { db: database().prisma, config, log: memoryLog().log, now: () => now },
      { host: '127.0.0.1' },
    );
    try {
      const { body, headers, channel, id } = slashRequest('stats');
      expect((await signedPost(body, headers)).status).toBe(200);
      const again = await signedPost(body, headers);
      const elsewhere = await fetch(`http://127.0.0.1:${second.http?.port}/slack/events`, {
        method: 'POST',
        headers,
        body,
      });
      expect([again.status, elsewhere.status]).toEqual([401, 401]);
      expect(JSON.parse(again.text)).toEqual({ error: 'request already received' });
      await topPost(channel);
      await settled();
      expect(touching(channel, id).filter((call) => !call.body.thread_ts)).toHaveLength(1);
      const seen = await database().prisma.seenRequest.findUnique({
        where: { platform_key: { platform: 'slack', key: headers['x-slack-signature'] } },
      });
      expect(seen?.expiresAt.getTime()).toBe((Number(headers['x-slack-request-timestamp']) + 300) * 1000);
    } finally {
      await second.stop();
    }
  });

  it('prunes remembered requests whose window has passed', async () => {
    const db = database().prisma;
    await db.seenRequest.create({
      data: { platform: 'slack', key: 'v0=expired', expiresAt: new Date(Date.now() - 60_000) },
    });
    // A new instance prunes on its first request.
    const fresh = await startChatBot({ db, config, log: memoryLog().log, now: () => now }, { host: '127.0.0.1' });
    try {
      const { body, headers } = slashRequest('help');
      const response = await fetch(`http://127.0.0.1:${fresh.http?.port}/slack/events`, {
        method: 'POST',
        headers,
        body,
      });
      expect(response.status).toBe(200);
      expect(await db.seenRequest.findFirst({ where: { key: 'v0=expired' } })).toBeNull();
    } finally {
      await fresh.stop();
    }
  });

  it('answers a signed request with a malformed body 400 with a short reason, and runs nothing', async () => {
    const calls = () => slack.calls.filter((call) => call.method !== 'auth.test').length; // auth.test: at start-up
    const before = calls();
    const form = slackSignature(SECRET, 'payload=%7Bnot+json');
    const json = (body: string) => ({ ...slackSignature(SECRET, body), 'content-type': 'application/json' });
    const answers = [
      await signedPost('payload=%7Bnot+json', form),
      await signedPost('{"type": "event_callback", ', json('{"type": "event_callback", ')),
      await signedPost('null', json('null')),
    ];
    expect(answers).toEqual([
      { status: 400, text: '{"error":"malformed body: the body is not valid JSON"}' },
      { status: 400, text: '{"error":"malformed body: the body is not valid JSON"}' },
      { status: 400, text: '{"error":"malformed body: the body is not a JSON object"}' },
    ]);
    expect(calls()).toBe(before);
    expect(log.lines.filter((line) => line.msg === 'malformed request body')).toHaveLength(3);
    expect(log.lines.filter((line) => line.msg === 'HTTP handler failed')).toEqual([]);
  });

  it('sends errors privately, with what to do, and posts nothing in the channel', async () => {
    const { id, channel } = await slash('analyze "no such video anywhere"');
    const answer = await privateAnswer(id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('Unknown video');
    expect(JSON.stringify(answer.body.blocks)).toContain('Give a video id');
    expect(slack.callsOf('chat.postMessage').filter((call) => call.body.channel === channel)).toEqual([]);
  });

  it('keeps workspaces apart: another workspace does not see this one’s channels', async () => {
    const { id } = await slash('stats', { team: `${workspace}-other` });
    expect(JSON.stringify((await privateAnswer(id)).body.blocks)).toContain('No channels yet');
  });

  it('lets only admins or the configured user group run manage commands, and leaves settings intact otherwise', async () => {
    slack.users.set('UADMIN', { is_admin: true });
    slack.users.set('UMEMBER', {});
    slack.users.set('UEDITOR', {});
    slack.userGroups.set('S123', ['UEDITOR']);

    const refused = await slash('settings manage-role:S999', { user: 'UMEMBER' });
    expect(JSON.stringify((await privateAnswer(refused.id)).body.blocks)).toContain('Not allowed');
    expect((await database().prisma.team.findUniqueOrThrow({ where: { id: teamId } })).manageRole).toBeNull();

    const set = await slash('settings manage-role:<!subteam^S123|@editors>', { user: 'UADMIN' });
    await topPost(set.channel);
    expect((await database().prisma.team.findUniqueOrThrow({ where: { id: teamId } })).manageRole).toBe('S123');

    const byGroup = await slash('settings', { user: 'UEDITOR' });
    expect(JSON.stringify((await topPost(byGroup.channel)).body.blocks)).toContain('<!subteam^S123>');
    expect(slack.callsOf('usergroups.users.list').at(-1)?.body.usergroup).toBe('S123');
  });

  it('checks the manage role for the actions that need it, and only for those', async () => {
    slack.users.set('UADMIN', { is_admin: true });
    slack.users.set('UMEMBER', {});
    const lookups = () => slack.callsOf('users.info').length;

    const before = lookups();
    const read = await slash('experiment status', { user: 'UMEMBER' });
    expect(JSON.stringify((await privateAnswer(read.id)).body.blocks)).toContain('No experiment yet');
    expect(lookups()).toBe(before);

    const refused = await slash('digest setup time:08:00', { user: 'UMEMBER' });
    expect(JSON.stringify((await privateAnswer(refused.id)).body.blocks)).toContain('/digest setup changes settings');
    expect(await database().prisma.roomBinding.count({ where: { roomId: refused.channel } })).toBe(0);

    const allowed = await slash('digest setup time:08:00', { user: 'UADMIN' });
    expect(JSON.stringify((await topPost(allowed.channel)).body.blocks)).toContain('08:00');
    expect(await database().prisma.roomBinding.count({ where: { teamId, roomId: allowed.channel } })).toBe(1);
  });

  it('posts charts with files.uploadV2 into the message’s thread, and waits out a rate limit', async () => {
    slack.failNext({ method: 'chat.postMessage', status: 429, retryAfterS: 1 });
    const poster = new SlackPoster(
      new webApi.WebClient('xoxb-test-token', {
        ...slackClientOptions(loadConfig({ SLACK_API_URL: slack.apiUrl })),
        logLevel: webApi.LogLevel.ERROR,
      }),
    );
    const reply: Reply = {
      kind: 'result',
      title: 'Digest',
      summary: 'Views are up.',
      images: [{ name: 'views.png', png, alt: 'Views per day' }],
    };
    const posted = await poster.postToRoom('CDIGEST', reply);
    expect(slack.callsOf('chat.postMessage').filter((call) => call.body.channel === 'CDIGEST')).toHaveLength(2);
    expect(posted.threadRef).toBe(posted.messageRef);
    const [getUrl] = slack.callsOf('files.getUploadURLExternal').slice(-1);
    expect(getUrl?.body).toMatchObject({ filename: 'views.png', length: String(png.length) });
    expect(slack.callsOf('upload').at(-1)?.files[0]).toMatchObject({ size: png.length });
    expect(slack.callsOf('files.completeUploadExternal').at(-1)?.body).toMatchObject({
      channel_id: 'CDIGEST',
      thread_ts: posted.messageRef,
      files: [{ id: expect.any(String), title: 'Views per day' }],
    });
  });

  it('makes its Web API calls without fetch (node:http), and uploads file bytes through fetch', async () => {
    const fetched = vi.spyOn(globalThis, 'fetch');
    try {
      const poster = new SlackPoster(
        new webApi.WebClient('xoxb-test-token', slackClientOptions(loadConfig({ SLACK_API_URL: slack.apiUrl }))),
      );
      const reply: Reply = { kind: 'result', title: 'Digest', images: [{ name: 'views.png', png, alt: 'Views' }] };
      const posted = await poster.postToRoom('CTRANSPORT', reply);
      expect(slack.messages('CTRANSPORT')[0]?.ts).toBe(posted.messageRef);
      expect(slack.callsOf('files.completeUploadExternal').at(-1)?.body).toMatchObject({ channel_id: 'CTRANSPORT' });
      // The multipart upload of the PNG, only: the message and the three upload calls went out over node:http.
      expect(fetched.mock.calls.map(([url]) => String(url).replace(/^.*\/upload\/.*$/, 'upload'))).toEqual(['upload']);
    } finally {
      fetched.mockRestore();
    }
  });

  it('marks a post with message metadata and finds it in the room’s history; other markers and older posts are not found', async () => {
    const poster = new SlackPoster(
      new webApi.WebClient('xoxb-test-token', {
        ...slackClientOptions(loadConfig({ SLACK_API_URL: slack.apiUrl })),
        logLevel: webApi.LogLevel.ERROR,
      }),
    );
    await poster.postToRoom('CMARK', { kind: 'result', title: 'Unmarked' });
    const before = new Date();
    const { messageRef } = await poster.postToRoom(
      'CMARK',
      { kind: 'result', title: 'Digest' },
      { marker: 'tp-digest-9' },
    );
    await poster.openThread('CMARK', messageRef, 'Digest');
    expect(slack.messages('CMARK').find((message) => message.ts === messageRef)?.metadata).toEqual({
      event_type: 'tubepilot_post',
      event_payload: { marker: 'tp-digest-9' },
    });
    expect(await poster.findPosted('CMARK', 'tp-digest-9', new Date(before.getTime() - 1000))).toBe(messageRef);
    expect(await poster.findPosted('CMARK', 'tp-digest-10', new Date(before.getTime() - 1000))).toBeUndefined();
    expect(await poster.findPosted('CMARK', 'tp-digest-9', new Date(Date.now() + 60_000))).toBeUndefined();
    expect(slack.callsOf('conversations.history').at(-1)?.body).toMatchObject({
      channel: 'CMARK',
      include_all_metadata: 'true',
    });
  });

  it('the fake refuses what Slack refuses; a reply past every limit is split into messages Slack takes', async () => {
    const client = new webApi.WebClient('xoxb-test-token', {
      ...slackClientOptions(loadConfig({ SLACK_API_URL: slack.apiUrl })),
      logLevel: webApi.LogLevel.ERROR,
    });
    const refused = (args: Record<string, unknown>) =>
      client.chat.postMessage({ channel: 'CLIMIT', ...args } as webApi.ChatPostMessageArguments).then(
        () => 'accepted',
        (error: { data?: { error?: string } }) => error.data?.error,
      );
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    expect(await refused({ text: 'x'.repeat(40_001) })).toBe('msg_too_long');
    expect(await refused({ text: 'x', blocks: Array.from({ length: 51 }, () => section('x')) })).toBe('invalid_blocks');
    expect(await refused({ text: 'x', blocks: [section('x'.repeat(3001))] })).toBe('invalid_blocks');
    expect(
      await refused({ text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] }),
    ).toBe('invalid_blocks');
    const button = (action_id: string, text = 'Go', value = 'v') => ({
      type: 'button',
      action_id,
      text: { type: 'plain_text', text },
      value,
    });
    const actions = (...elements: unknown[]) => ({ text: 'x', blocks: [{ type: 'actions', elements }] });
    expect(await refused(actions(...Array.from({ length: 26 }, (_, i) => button(`a${i}`))))).toBe('invalid_blocks');
    expect(await refused(actions(button('a', 'L'.repeat(76))))).toBe('invalid_blocks');
    expect(await refused(actions(button('a'.repeat(256))))).toBe('invalid_blocks');
    expect(await refused(actions(button('a', 'Go', 'v'.repeat(2001))))).toBe('invalid_blocks');
    expect(await refused(actions(button('same'), button('same')))).toBe('invalid_blocks');
    expect(slack.messages('CLIMIT')).toEqual([]);

    const poster = new SlackPoster(client);
    await poster.postToRoom('CHUGE', {
      kind: 'result',
      title: 'T'.repeat(300),
      summary: 'S'.repeat(5000),
      fields: Array.from({ length: 40 }, (_, i) => ({ label: `Field ${i}`, value: 'v'.repeat(2100) })),
      sections: Array.from({ length: 30 }, (_, i) => ({ heading: `Section ${i}`, text: 'w '.repeat(2000) })),
      actions: Array.from({ length: 30 }, (_, i) => ({
        id: `a${i}`,
        label: `Action ${i} ${'l'.repeat(100)}`,
        command: 'analyze',
        options: { video: i === 3 ? 'v'.repeat(2000) : `v${i}` },
      })),
    });
    const posted = slack.messages('CHUGE');
    expect(posted.length).toBeGreaterThan(1);
    // The buttons under the last message: 25 at most; the one too long for a button's value left out.
    const buttons = buttonsIn(posted.at(-1)?.blocks);
    expect(buttons).toHaveLength(25);
    expect(buttons.map((b) => b.action_id)).not.toContain('tubepilot:a3');
    expect(posted.slice(0, -1).every((message) => buttonsIn(message.blocks).length === 0)).toBe(true);
  });

  type Button = { type: string; action_id: string; value: string; text: { text: string } };
  const buttonsIn = (blocks: unknown) =>
    ((blocks ?? []) as { type: string; elements?: Button[] }[])
      .filter((block) => block.type === 'actions')
      .flatMap((block) => block.elements ?? []);

  /** A click on a button as Slack sends it: a form-encoded, signed block_actions payload. */
  async function click(
    button: Button,
    options: { channel: string; user?: string; secret?: string; messageTs?: string; userTeam?: string },
  ) {
    const id = `r${++counter}`;
    const ts = options.messageTs ?? '1.000001';
    const payload = {
      type: 'block_actions',
      team: { id: workspace, domain: 'acme' },
      user: { id: options.user ?? 'U1', username: 'ana', name: 'ana', team_id: options.userTeam ?? workspace },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: '1.2.3',
      container: { type: 'message', message_ts: ts, channel_id: options.channel, is_ephemeral: false },
      channel: { id: options.channel, name: 'youtube' },
      message: { type: 'message', ts, text: 'reply', blocks: [] },
      response_url: slack.responseUrl(id),
      actions: [{ ...button, block_id: 'b1', action_ts: '2.000002' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const headers = slackSignature(options.secret ?? SECRET, body);
    const { status } = await signedPost(body, headers);
    return { status, id, resend: () => signedPost(body, headers) };
  }

  it('puts Approve and Rewrite under a /tubepilot script draft; a signed click on Approve by an admin approves it and tells the pipeline; a member’s or a forged one runs nothing', async () => {
    const db = database().prisma;
    slack.users.set('UADMIN', { is_admin: true });
    slack.users.set('UMEMBER', {});
    const sink = await startWebhookSink();
    await addWebhook({ db, config, log: log.log, now: () => now }, teamId, null, sink.url);
    const deliveries = () => db.webhookDelivery.count({ where: { webhook: { teamId } } });
    const { channel } = await slash('script demo');
    const post = await topPost(channel);
    const buttons = buttonsIn(post.body.blocks);
    expect(buttons.map((button) => [button.action_id, button.text.text])).toEqual([
      ['tubepilot:approve', 'Approve'],
      ['tubepilot:rewrite', 'Rewrite'],
    ]);
    const draft = await db.generatedScript.findFirstOrThrow({ where: { status: 'draft' }, orderBy: { id: 'desc' } });
    expect(JSON.stringify(post.body.blocks)).toContain(`Draft #${draft.id}`);
    const approve = buttons[0] as Button;

    const forged = await click(approve, { channel, secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    await settled();
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('draft');

    // A member: the private refusal a typed /tubepilot script approve gets; nothing approved or sent.
    const refused = await click(approve, { channel, user: 'UMEMBER' });
    const typed = await slash(`script approve:${draft.id}`, { user: 'UMEMBER' });
    const answer = await privateAnswer(refused.id);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer.body.blocks)).toContain('Approving a script');
    expect(answer.body.blocks).toEqual((await privateAnswer(typed.id)).body.blocks);
    await webhookDeliveriesSettled();
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('draft');
    expect(await deliveries()).toBe(0);

    expect((await click(approve, { channel, user: 'UADMIN' })).status).toBe(200);
    const approved = await waitFor(() =>
      slack
        .callsOf('chat.postMessage')
        .find((call) => call.body.channel === channel && JSON.stringify(call.body.blocks).includes('approved')),
    );
    expect(JSON.stringify(approved.body.blocks)).toContain(`Script #${draft.id} approved`);
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('approved');
    await webhookDeliveriesSettled();
    expect(sink.bodies.map((body) => JSON.parse(body).script.id)).toEqual([draft.id]);
    await sink.close();
  });

  it('puts Refresh under /tubepilot stats of a YouTube channel: a member is refused as when typing it, privately; an admin runs it', async () => {
    const db = database().prisma;
    slack.users.set('UADMIN', { is_admin: true });
    slack.users.set('UMEMBER', {});
    const channelRow = await db.channel.create({
      data: { teamId, name: 'ytbtn', title: 'YT buttons', source: 'youtube', youtubeId: 'UCslackbuttons' },
    });
    const { channel } = await slash('stats ytbtn');
    const [refresh] = buttonsIn((await topPost(channel)).body.blocks);
    expect(refresh?.text.text).toBe('Refresh');

    const refused = await click(refresh as Button, { channel, user: 'UMEMBER' });
    const typed = await slash('refresh ytbtn', { user: 'UMEMBER' });
    const answer = await privateAnswer(refused.id);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(answer.body.blocks)).toContain('Not allowed');
    expect(answer.body.blocks).toEqual((await privateAnswer(typed.id)).body.blocks);
    expect(await db.channel.findUniqueOrThrow({ where: { id: channelRow.id } })).toEqual(channelRow);

    // Past the permission check /refresh itself answers: this channel was never connected.
    const ran = await click(refresh as Button, { channel, user: 'UADMIN' });
    expect(JSON.stringify((await privateAnswer(ran.id)).body.blocks)).toContain('Not a connected YouTube channel');
  });

  it('opens an insight’s thread on a signed Discuss click, once: a second click is pointed to it privately; another workspace’s person, a forged or a replayed click opens nothing', async () => {
    const db = database().prisma;
    const channel = `C${++counter}`;
    const poster = new SlackPoster(new webApi.WebClient('xoxb-test-token', slackClientOptions(config)));
    const ts = await postInsight(poster, db, { teamId, roomId: channel, summary: 'Egg videos get 55% more views' });
    const [discuss] = buttonsIn(slack.messages(channel)[0]?.blocks);
    expect(discuss).toMatchObject({ action_id: 'tubepilot:discuss', value: 'tp1:discuss', text: { text: 'Discuss' } });
    const invitations = () => slack.messages(channel).filter((message) => message.thread_ts === ts);

    expect((await click(discuss as Button, { channel, messageTs: ts, secret: 'not-the-secret' })).status).toBe(401);
    // Slack Connect: someone of another workspace in a shared channel.
    const guest = await click(discuss as Button, { channel, messageTs: ts, userTeam: 'TOTHER' });
    expect(JSON.stringify((await privateAnswer(guest.id)).body.blocks)).toContain('Nothing to discuss here');
    expect(invitations()).toEqual([]);

    const first = await click(discuss as Button, { channel, messageTs: ts });
    expect(first.status).toBe(200);
    expect((await first.resend()).status).toBe(401);
    const opened = await privateAnswer(first.id);
    expect(opened.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(JSON.stringify(opened.body.blocks)).toContain('Discussion opened');
    const again = await click(discuss as Button, { channel, messageTs: ts });
    expect(JSON.stringify((await privateAnswer(again.id)).body.blocks)).toContain('Already under discussion');
    expect(invitations()).toHaveLength(1);

    // A question in the thread is answered there, from the insight.
    expect(
      await answerThreadMessage({ db, config, log: log.log, now: () => now }, poster, {
        platform: 'slack',
        teamExternalId: workspace,
        roomId: channel,
        threadRef: ts,
        text: 'how many egg videos is that from?',
      }),
    ).toBe(true);
    expect(JSON.stringify(invitations().at(-1)?.blocks)).toContain('Videos behind it: 24');
  });

  it('answers a click on a button it did not make privately, and runs nothing', async () => {
    const channel = `C${++counter}`;
    const unknown = await click(
      { type: 'button', action_id: 'tubepilot:x', value: 'other', text: { text: 'X' } },
      { channel },
    );
    expect(unknown.status).toBe(200);
    expect(JSON.stringify((await privateAnswer(unknown.id)).body.blocks)).toContain('Unknown button');
    expect(touching(channel)).toEqual([]);
  });

  it('answers /tubepilot digest with the rendered PNG charts uploaded into the answer’s thread', async () => {
    const { status, channel } = await slash('digest now');
    expect(status).toBe(200);
    await topPost(channel);
    const completed = await waitFor(() =>
      slack.callsOf('files.completeUploadExternal').find((call) => call.body.channel_id === channel),
    );
    expect(completed.body.thread_ts).toEqual(expect.any(String));
    const fileIds = (completed.body.files as { id: string }[]).map((file) => file.id);
    expect(fileIds.length).toBeGreaterThan(0);
    for (const fileId of fileIds) {
      const upload = slack.callsOf('upload').find((call) => call.body.fileId === fileId);
      expect(pngSize(upload?.files[0]?.data ?? Buffer.alloc(0))).toEqual({
        width: expect.any(Number),
        height: expect.any(Number),
      });
    }
  });

  it('answers /tubepilot export by uploading its CSVs into the answer’s thread (files.uploadV2); a bad one privately through the response URL', async () => {
    const { channel } = await slash('export');
    const post = await topPost(channel);
    expect(JSON.stringify(post.body.blocks)).toContain('📎 demo-videos-2026-11-23.csv');
    const completed = await waitFor(() =>
      slack.callsOf('files.completeUploadExternal').find((call) => call.body.channel_id === channel),
    );
    expect(completed.body.thread_ts).toBe(slack.messages(channel)[0]?.ts);
    const uploaded = (completed.body.files as { id: string }[]).map(
      ({ id }) => slack.callsOf('upload').find((call) => call.body.fileId === id)?.files[0],
    );
    expect(uploaded).toHaveLength(3);
    expect(uploaded.every((file) => (file?.data.length ?? 0) > 0)).toBe(true);
    expect(uploaded[0]?.data.toString('utf8')).toMatch(/^\uFEFFyoutube_id,title,/);

    const bad = await slash('export nosuchchannel');
    const answer = await privateAnswer(bad.id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer.body.blocks)).toContain('nosuchchannel');
    expect(touching(bad.channel).filter((call) => call.method !== 'respond')).toEqual([]);
  });

  it('in a channel TubePilot was not invited to, /tubepilot export shows the answer through the response URL and says privately why the CSVs are missing', async () => {
    const channel = `CNOTIN${++counter}`;
    slack.notMember.add(channel);
    const uploads = () => slack.callsOf('files.getUploadURLExternal').length;
    const before = uploads();
    const { id } = await slash('export', { channel });
    await waitFor(() =>
      slack
        .callsOf('respond')
        .find((call) => call.body.id === id && JSON.stringify(call.body.blocks).includes('Invite TubePilot')),
    );
    const answers = slack.callsOf('respond').filter((call) => call.body.id === id);
    expect(answers.map((call) => call.body.response_type)).toEqual(['in_channel', 'ephemeral']);
    expect(JSON.stringify(answers[0]?.body.blocks)).toContain('📎 demo-videos-2026-11-23.csv');
    expect(JSON.stringify(answers[1]?.body.blocks)).toContain('Invite TubePilot for charts, files and threads');
    expect(uploads()).toBe(before);
  });

  it('the fake holds Slack’s response URL and upload rules: 5 uses in 30 minutes, no files; only uploaded files complete; no posts where the bot is not a member', async () => {
    const send = (id: string, body: string, type = 'application/json') =>
      fetch(slack.responseUrl(id), { method: 'POST', headers: { 'content-type': type }, body }).then(async (r) => [
        r.status,
        await r.text(),
      ]);
    const message = JSON.stringify({ response_type: 'ephemeral', text: 'hi' });
    const statuses = [];
    for (let use = 0; use < 6; use++) statuses.push(await send('limits-a', message));
    expect(statuses).toEqual([...Array(5).fill([200, 'ok']), [404, 'used_url']]);
    slack.responseUrl('limits-b');
    slack.advance(30 * 60_000 + 1);
    expect(await send('limits-b', message)).toEqual([404, 'expired_url']);
    expect(await send('limits-c', JSON.stringify({ text: 'a file', files: [{ id: 'F1' }] }))).toEqual([
      400,
      'invalid_payload',
    ]);

    const client = new webApi.WebClient('xoxb-test-token', slackClientOptions(config));
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    await expect(client.files.completeUploadExternal({ files: [{ id: file_id as string }] })).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
    await expect(client.files.completeUploadExternal({ files: [{ id: 'F-never-issued' }] })).rejects.toMatchObject({
      data: { error: 'file_not_found' },
    });
    slack.notMember.add('CNOTMEMBER');
    await expect(client.chat.postMessage({ channel: 'CNOTMEMBER', text: 'hi' })).rejects.toMatchObject({
      data: { error: 'not_in_channel' },
    });
    await expect(
      client.filesUploadV2({ channel_id: 'CNOTMEMBER', file: Buffer.from('a,b\n'), filename: 'a.csv' }),
    ).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
  });
});
