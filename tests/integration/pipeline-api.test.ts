import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ChatBot, startChatBot } from '../../src/bot/chat-bot.js';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { pipelineApiRoutes } from '../../src/bot/http/pipeline-api.js';
import { linkPublishedScripts } from '../../src/core/ai/script-store.js';
import { loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/database.js';
import type { ScriptView } from '../../src/core/pipeline/pipeline-schemas.js';
import {
  SIGNATURE_HEADER,
  verifyWebhookSignature,
  webhookDeliveriesSettled,
} from '../../src/core/pipeline/webhooks.js';
import type { Reply } from '../../src/core/reply.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext, memoryLog } from '../support/command-context.js';
import { testEncryptionKey } from '../support/youtube-channel.js';

// The pipeline API as a pipeline uses it: node's fetch against the bot's real HTTP server on 127.0.0.1, tokens
// made and revoked with /api-token, and the approval webhook delivered to a local receiver.

const now = new Date('2026-11-23T12:00:00Z');
const config = loadConfig({
  HTTP_PORT: '0',
  TOKEN_ENCRYPTION_KEY: testEncryptionKey,
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_RETRY_BASE_MS: '5',
  WEBHOOK_TIMEOUT_MS: '1000',
});

const field = (reply: Reply, label: string) => reply.fields?.find((item) => item.label === label)?.value ?? '';

/** A receiver whose answers the test decides, one request at a time. */
class Receiver {
  server: Server;
  requests: { headers: IncomingMessage['headers']; body: string }[] = [];
  private waiting: ((request: { body: string; respond: (status: number) => void }) => void)[] = [];
  private queued: { body: string; respond: (status: number) => void }[] = [];

  constructor() {
    this.server = createServer((request, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ headers: request.headers, body });
        const entry = { body, respond: (status: number) => response.writeHead(status).end() };
        const waiter = this.waiting.shift();
        if (waiter) waiter(entry);
        else this.queued.push(entry);
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** The next request that arrives (or has arrived), for the test to answer. */
  next(): Promise<{ body: string; respond: (status: number) => void }> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function seedChannel(db: Db, teamId: number, name: string) {
  const channel = await db.channel.create({ data: { teamId, name, title: `${name} title`, source: 'csv' } });
  const script = (status: 'draft' | 'approved', topic: string) =>
    db.generatedScript.create({
      data: {
        channelId: channel.id,
        topic,
        hook: `Hook about ${topic}`,
        body: { targetLengthS: 30, beats: [], cta: 'Follow' },
        titleOptions: [`${topic} in 30 seconds`],
        predictedViews: 12_000,
        predictedLow: 6000,
        predictedHigh: 25_000,
        status,
        writer: 'offline',
        createdAt: now,
      },
    });
  const draft = await script('draft', 'eggs');
  const approved = await script('approved', 'bread');
  const approved2 = await script('approved', 'salt');
  const video = await db.video.create({
    data: { channelId: channel.id, youtubeId: 'AAAAAAAAAA1', title: 'bread in 30 seconds', publishedAt: now },
  });
  await db.prediction.create({
    data: {
      channelId: channel.id,
      kind: 'pre_publish',
      scriptId: approved.id,
      horizonDays: 7,
      predicted: 12_000,
      low: 6000,
      high: 25_000,
      inputs: { calibration: { source: 'team', n: 23, ownN: 5, shift: 0.2 } },
    },
  });
  return { channel, draft, approved, approved2, video };
}

describeEachBackend('pipeline API', (database) => {
  let bot: ChatBot;
  let base: string;
  let teamA: Awaited<ReturnType<typeof commandContext>>;
  let teamB: Awaited<ReturnType<typeof commandContext>>;
  let a: Awaited<ReturnType<typeof seedChannel>>;
  let b: Awaited<ReturnType<typeof seedChannel>>;
  let token: string;
  const { lines: serverLog, log } = memoryLog();

  const get = (path: string, auth: string | null = token) =>
    fetch(`${base}${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });
  const post = (path: string, body: string, auth: string | null = token) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
    });

  beforeAll(async () => {
    const db = database().prisma;
    teamA = { ...(await commandContext(db, { now })), config };
    teamB = { ...(await commandContext(db, { now })), config };
    // Both teams have a channel called "kitchen": names are only unique within a team.
    a = await seedChannel(db, teamA.team.id, 'kitchen');
    b = await seedChannel(db, teamB.team.id, 'kitchen');
    await db.channel.create({ data: { teamId: teamA.team.id, name: 'garden', title: 'G', source: 'csv' } });
    await db.contentStrategy.create({
      data: {
        channelId: a.channel.id,
        version: 3,
        recommendedTopics: [{ label: 'bread', effect: 0.4, n: 12, why: 'more views' }],
        avoidTopics: [],
        style: 'fast',
        pacing: 'quick cuts',
        hookTemplates: ['Did you know …'],
        postingWindows: [],
        nextTests: ['a question hook'],
        writer: 'offline',
        generatedAt: now,
        basisVideoCount: 40,
        basisFrom: new Date('2026-09-01T00:00:00Z'),
        basisTo: now,
        basis: { summary: 'Bread wins.', signature: 'x' },
      },
    });
    bot = await startChatBot(
      { db, config, log, now: () => now },
      {
        extraRoutes: pipelineApiRoutes({ db, log, now: () => now }),
        host: '127.0.0.1',
      },
    );
    base = `http://127.0.0.1:${bot.http?.port}/api/v1`;
    const created = await executeCommand(teamA, 'api-token', { values: { action: 'create', label: 'video pipeline' } });
    expect(created).toMatchObject({ kind: 'result', private: true });
    token = field(created, 'Token');
    expect(token).toMatch(/^tp_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('keeps only a hash of the token, and lists it by key id without the secret', async () => {
    const db = database().prisma;
    const rows = await db.apiToken.findMany({ where: { teamId: teamA.team.id } });
    expect(rows).toHaveLength(1);
    // The secret is base64url and may itself hold '_': everything after the key id's underscore.
    const secret = token.split('_').slice(2).join('_');
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const list = await executeCommand(teamA, 'api-token', { values: { action: 'list' } });
    expect(list.sections?.[0]?.table?.rows[0]?.[0]).toBe(rows[0]?.keyId);
    expect(JSON.stringify(list)).not.toContain(token);
    // A chat user without the manage role cannot mint tokens.
    const member = { ...teamA, surface: 'discord' as const, user: { id: 'u1', canManage: async () => false } };
    expect(await executeCommand(member, 'api-token', { values: { action: 'create' } })).toMatchObject({
      kind: 'error',
      title: 'Not allowed',
    });
  });

  it('refuses missing, malformed and wrong tokens with 401 and a JSON error', async () => {
    const [, keyId] = token.split('_');
    const wrongSecret = `tp_${keyId}_${'A'.repeat(43)}`;
    for (const auth of [null, 'nonsense', wrongSecret, `tp_${'0'.repeat(16)}_${'A'.repeat(43)}`]) {
      const response = await get('/channels/kitchen/scripts', auth);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    // Unknown paths are not described to strangers either.
    expect((await get('/nowhere', null)).status).toBe(401);
  });

  it("lists the team's approved scripts; another team's channel is as unknown as a missing one", async () => {
    const response = await get('/channels/kitchen/scripts?status=approved');
    expect(response.status).toBe(200);
    const { scripts } = (await response.json()) as { scripts: ScriptView[] };
    expect(scripts.map((script) => script.id)).toEqual([a.approved.id, a.approved2.id]);
    expect(scripts[0]).toMatchObject({
      status: 'approved',
      channel: 'kitchen',
      topic: 'bread',
      prediction: {
        views: 12_000,
        low: 6000,
        high: 25_000,
        calibration: 'calibrated on 23 scored predictions of the team (5 of this channel), centre +22%',
      },
      youtubeVideoId: null,
    });
    // A script with no stored calibration (its prediction is older than calibration) claims none.
    expect(scripts[1]?.prediction).toEqual({ views: 12_000, low: 6000, high: 25_000, calibration: null });

    const teamBToken = field(await executeCommand(teamB, 'api-token', { values: { action: 'create' } }), 'Token');
    const asB = (await (await get('/channels/kitchen/scripts', teamBToken)).json()) as { scripts: { id: number }[] };
    expect(asB.scripts.map((script) => script.id)).toEqual([b.draft.id, b.approved.id, b.approved2.id]);
    const otherTeams = await get('/channels/garden/scripts', teamBToken);
    const missing = await get('/channels/nosuch/scripts', teamBToken);
    expect(otherTeams.status).toBe(404);
    expect(await otherTeams.json()).toEqual(await missing.json());
    // B's script ids under A's channel name: unknown.
    expect((await get(`/channels/kitchen/scripts/${b.approved.id}`)).status).toBe(404);
    expect((await get('/channels/kitchen/scripts/999999')).status).toBe(404);
    expect((await get('/channels/kitchen/scripts/abc')).status).toBe(404);
    expect((await get(`/channels/kitchen/scripts/${a.approved.id}`)).status).toBe(200);

    const bad = await get('/channels/kitchen/scripts?status=shipped');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request', field: 'status' } });
    expect(await (await get('/channels/kitchen/scripts?limit=0')).json()).toMatchObject({ error: { field: 'limit' } });
  });

  it('serves the strategy, and 404 for a channel without one', async () => {
    const response = await get('/channels/kitchen/strategy');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      channel: 'kitchen',
      version: 3,
      summary: 'Bread wins.',
      recommendedTopics: [{ label: 'bread', why: 'more views' }],
      basis: { videoCount: 40, from: '2026-09-01T00:00:00.000Z' },
    });
    const none = await get('/channels/garden/strategy');
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses malformed reports naming the field, and leaves the data as it was', async () => {
    const db = database().prisma;
    const snapshot = () => db.generatedScript.findMany({ orderBy: { id: 'asc' }, include: { predictions: true } });
    const before = await snapshot();
    const path = `/channels/kitchen/scripts/${a.approved.id}/published`;
    const cases: [string, number, string | undefined][] = [
      ['{not json', 400, 'body'],
      ['[]', 400, 'body'],
      ['{}', 400, 'videoId'],
      ['{"videoId": "short"}', 400, 'videoId'],
      ['{"videoId": 12345678901}', 400, 'videoId'],
    ];
    for (const [body, status, name] of cases) {
      const response = await post(path, body);
      expect(response.status, body).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request', field: name } });
    }
    const valid = '{"videoId": "AAAAAAAAAA1"}';
    expect((await post(`/channels/kitchen/scripts/${a.draft.id}/published`, valid)).status).toBe(409);
    expect((await post(`/channels/kitchen/scripts/${b.approved.id}/published`, valid)).status).toBe(404);
    expect((await post(`/channels/garden/scripts/${a.approved.id}/published`, valid)).status).toBe(404);
    expect((await post(path, valid, 'tp_nope')).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('links a published script to its video and predictions now, or when a refresh brings the video', async () => {
    const db = database().prisma;
    const response = await post(`/channels/kitchen/scripts/${a.approved.id}/published`, '{"videoId":"AAAAAAAAAA1"}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      linked: true,
      script: { id: a.approved.id, status: 'published', youtubeVideoId: 'AAAAAAAAAA1' },
    });
    expect(await db.generatedScript.findUnique({ where: { id: a.approved.id } })).toMatchObject({
      status: 'published',
      videoId: a.video.id,
    });
    expect(await db.prediction.findFirst({ where: { scriptId: a.approved.id } })).toMatchObject({
      videoId: a.video.id,
    });
    // Said again: the same answer; the video cannot become a second script's.
    expect(
      (await post(`/channels/kitchen/scripts/${a.approved.id}/published`, '{"videoId":"AAAAAAAAAA1"}')).status,
    ).toBe(200);
    expect(
      (await post(`/channels/kitchen/scripts/${a.approved2.id}/published`, '{"videoId":"AAAAAAAAAA1"}')).status,
    ).toBe(409);

    const pending = await post(`/channels/kitchen/scripts/${a.approved2.id}/published`, '{"videoId":"BBBBBBBBBB2"}');
    expect(await pending.json()).toMatchObject({
      linked: false,
      script: { status: 'published', youtubeVideoId: 'BBBBBBBBBB2' },
    });
    const video = await db.video.create({
      data: { channelId: a.channel.id, youtubeId: 'BBBBBBBBBB2', title: 'an unrelated title', publishedAt: now },
    });
    expect(await linkPublishedScripts(db, a.channel.id)).toEqual([{ scriptId: a.approved2.id, videoId: video.id }]);
  });

  it('revoked tokens stop working at once', async () => {
    const created = await executeCommand(teamA, 'api-token', { values: { action: 'create' } });
    const spare = field(created, 'Token');
    expect((await get('/channels', spare)).status).toBe(200);
    const revoked = await executeCommand(teamA, 'api-token', {
      values: { action: 'revoke', key: field(created, 'Key id') },
    });
    expect(revoked).toMatchObject({ kind: 'result', title: 'API token revoked' });
    expect((await get('/channels', spare)).status).toBe(401);
    // Team B cannot revoke team A's token.
    expect(
      await executeCommand(teamB, 'api-token', { values: { action: 'revoke', key: token.split('_')[1] ?? '' } }),
    ).toMatchObject({ kind: 'error', title: 'Unknown token' });
    expect((await get('/channels')).status).toBe(200);
  });

  it('describes itself in OpenAPI 3.1, generated from the schemas the routes validate with', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { parameters: { name: string; schema: unknown }[]; requestBody?: unknown }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/channels/{name}/scripts',
        '/api/v1/channels/{name}/scripts/{id}/published',
        '/api/v1/channels/{name}/strategy',
      ]),
    );
    const list = document.paths['/api/v1/channels/{name}/scripts']?.get;
    expect(list?.parameters.find((parameter) => parameter.name === 'status')?.schema).toMatchObject({
      enum: ['draft', 'approved', 'published'],
    });
    expect(document.paths['/api/v1/channels/{name}/scripts/{id}/published']?.post?.requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/PublishedRequest' } } },
    });
    expect(document.components.schemas.PublishedRequest?.properties.videoId).toMatchObject({ type: 'string' });
    expect(Object.keys(document.components.schemas.Script?.properties ?? {})).toContain('youtubeVideoId');
  });

  it('announces an approval to the webhook without holding the reply: signed, a 500 retried, logged', async () => {
    const db = database().prisma;
    const receiver = new Receiver();
    const url = await receiver.start();
    try {
      const added = await executeCommand(teamA, 'webhook', { values: { action: 'add', url, channel: 'kitchen' } });
      expect(added).toMatchObject({ kind: 'result', private: true });
      const secret = field(added, 'Signing secret');
      expect(secret).toMatch(/^whsec_/);
      expect(JSON.stringify(await db.webhook.findMany({ where: { teamId: teamA.team.id } }))).not.toContain(secret);

      const script = await db.generatedScript.create({
        data: { channelId: a.channel.id, topic: 'milk', hook: 'h', body: {}, titleOptions: [], writer: 'offline' },
      });
      // The command answers while the receiver still holds the first request.
      const reply = await executeCommand(teamA, 'script', { values: { approve: script.id } });
      expect(reply).toMatchObject({ kind: 'result', title: `Script #${script.id} approved` });
      const first = await receiver.next();
      first.respond(500);
      const second = await receiver.next();
      second.respond(200);
      await webhookDeliveriesSettled();

      expect(receiver.requests).toHaveLength(2);
      for (const request of receiver.requests) {
        const signature = String(request.headers[SIGNATURE_HEADER.toLowerCase()]);
        expect(verifyWebhookSignature(secret, signature, request.body, now)).toBe(true);
        expect(verifyWebhookSignature(secret, signature, request.body.replace('milk', 'beer'), now)).toBe(false);
        expect(verifyWebhookSignature('whsec_other', signature, request.body, now)).toBe(false);
      }
      const payload = JSON.parse(second.body) as {
        event: string;
        deliveryId: number;
        script: { id: number; status: string };
      };
      expect(payload).toMatchObject({
        event: 'script.approved',
        script: { id: script.id, status: 'approved', topic: 'milk' },
      });
      expect(JSON.parse(first.body).deliveryId).toBe(payload.deliveryId);
      expect(await db.webhookDelivery.findUnique({ where: { id: payload.deliveryId } })).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 200,
      });

      // A receiver that keeps failing: given up after WEBHOOK_MAX_ATTEMPTS, logged as failed.
      const other = await db.generatedScript.create({
        data: { channelId: a.channel.id, topic: 'tea', hook: 'h', body: {}, titleOptions: [], writer: 'offline' },
      });
      await executeCommand(teamA, 'script', { values: { approve: other.id } });
      for (let attempt = 0; attempt < 3; attempt++) (await receiver.next()).respond(503);
      await webhookDeliveriesSettled();
      const failed = await db.webhookDelivery.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 503, lastError: 'HTTP 503' });
      const list = await executeCommand(teamA, 'webhook', { values: { action: 'list' } });
      expect(list.sections?.[0]?.table?.rows[0]?.[3]).toBe('failed after 3 attempt(s), HTTP 503');

      // A receiver that does not answer in time: the attempt times out and is retried.
      const slow = await db.generatedScript.create({
        data: { channelId: a.channel.id, topic: 'jam', hook: 'h', body: {}, titleOptions: [], writer: 'offline' },
      });
      await executeCommand(teamA, 'script', { values: { approve: slow.id } });
      await receiver.next(); // left unanswered
      (await receiver.next()).respond(204);
      await webhookDeliveriesSettled();
      expect(await db.webhookDelivery.findFirstOrThrow({ orderBy: { id: 'desc' } })).toMatchObject({
        status: 'delivered',
        attempts: 2,
        lastStatusCode: 204,
      });

      // Team B's approvals never reach team A's webhook.
      await db.generatedScript.update({ where: { id: b.draft.id }, data: { status: 'draft' } });
      await executeCommand(teamB, 'script', { values: { approve: b.draft.id } });
      await webhookDeliveriesSettled();
      expect(receiver.requests).toHaveLength(7);
      const logged = JSON.stringify([...teamA.logLines, ...serverLog]);
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(token);
    } finally {
      await receiver.close();
    }
  });
});
