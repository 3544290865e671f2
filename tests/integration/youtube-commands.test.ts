import { afterAll, beforeAll, expect, it } from 'vitest';
import { executeCommand } from '../../src/bot/commands/execute-command.js';
import { startHttpServer } from '../../src/bot/http/http-server.js';
import { youtubeCallbackRoute } from '../../src/bot/http/youtube-callback-route.js';
import type { Reply } from '../../src/core/reply.js';
import { FakeYouTube } from '../fakes/fake-youtube.js';
import { describeEachBackend } from '../support/backends.js';
import { commandContext } from '../support/command-context.js';
import { recordingPoster } from '../support/recording-poster.js';
import { fakeYouTubeConfig } from '../support/youtube-channel.js';

// auth, connect and refresh as users run them, against the fake YouTube through the real Google clients.

const now = new Date('2026-11-23T12:00:00Z');

describeEachBackend('YouTube commands', (database) => {
  let fake: FakeYouTube;
  beforeAll(async () => {
    fake = await FakeYouTube.start({ videoCount: 70 });
  });
  afterAll(async () => {
    await fake.close();
  });

  async function context(extra: Record<string, string> = {}, surface: 'cli' | 'discord' = 'cli') {
    const base = await commandContext(database().prisma, { surface, now });
    const lines: string[] = [];
    let printLink: (link: string) => void = () => {};
    /** The first link the command prints, as soon as it prints it. */
    const link = new Promise<string>((resolve) => {
      printLink = resolve;
    });
    const notify = (line: string) => {
      lines.push(line);
      const url = line.match(/https?:\/\/\S+/)?.[0];
      if (url) printLink(url);
    };
    return { ...base, config: fakeYouTubeConfig(fake, extra), notify, lines, link };
  }

  /** Runs `auth youtube` and plays the browser: opens the printed link, which redirects to the loopback. */
  async function authViaBrowser(
    ctx: Awaited<ReturnType<typeof context>>,
    words: string[],
    browserStatus = 200,
  ): Promise<Reply> {
    const reply = executeCommand(ctx, 'auth', { words });
    const url = await Promise.race([
      ctx.link,
      reply.then((early) => Promise.reject(new Error(`auth printed no link: ${JSON.stringify(early)}`))),
    ]);
    const browser = await fetch(url);
    expect(browser.status).toBe(browserStatus);
    return reply;
  }

  it('`auth youtube` runs the loopback flow, stores the token encrypted and adds the channel; refresh fills it', async () => {
    const ctx = await context();
    const reply = await authViaBrowser(ctx, ['youtube', '--channel', 'kitchen']);
    expect(reply).toMatchObject({ kind: 'result', title: `Connected ${fake.channel.title}` });
    const link = new URL(ctx.lines.join('\n').match(/https?:\/\/\S+/)?.[0] ?? '');
    expect(link.searchParams.get('scope')).toBe(
      'https://www.googleapis.com/auth/youtube.readonly https://www.googleapis.com/auth/yt-analytics.readonly',
    );
    expect(link.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);

    const db = database().prisma;
    const channel = await db.channel.findFirstOrThrow({ where: { teamId: ctx.team.id } });
    expect(channel).toMatchObject({
      name: 'kitchen',
      source: 'youtube',
      youtubeId: fake.channel.id,
      uploadsPlaylistId: fake.channel.uploads,
      needsReconnect: false,
    });
    expect(channel.refreshTokenEnc).toMatch(/^v1\./);
    expect(channel.refreshTokenEnc).not.toContain('fake-refresh');
    expect(await db.oAuthState.count({ where: { teamId: ctx.team.id } })).toBe(0);

    const before = fake.unitsSpent;
    const refreshed = await executeCommand(ctx, 'refresh', { words: ['kitchen'] });
    expect(refreshed).toMatchObject({ kind: 'result', title: 'Refreshed kitchen' });
    const field = (label: string) => refreshed.fields?.find((item) => item.label === label)?.value;
    expect(field('New videos')).toBe('70');
    // uploads playlist already known from the connect: 2 pages + 2 batches.
    expect(fake.unitsSpent - before).toBe(4);
    expect(field('Quota units')).toMatch(/^4 spent; \d+ of 10,000 used today \(Pacific\)$/);
    expect(field('Impressions & CTR')).toMatch(/48 h late/);
    expect(ctx.lines.some((line) => /^refresh kitchen: videos 70\/70$/.test(line))).toBe(true);
    expect(await db.video.count({ where: { channelId: channel.id } })).toBe(70);
  });

  it('refuses to store a token without TOKEN_ENCRYPTION_KEY, before anyone signs in', async () => {
    const ctx = await context({ TOKEN_ENCRYPTION_KEY: '' });
    const reply = await executeCommand(ctx, 'auth', { words: ['youtube'] });
    expect(reply).toMatchObject({ kind: 'error', title: 'No encryption key' });
    expect(reply.fields?.[0]?.value).toMatch(/openssl rand -base64 32/);
    expect(ctx.lines).toEqual([]);
    expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(0);

    const short = await context({ TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' });
    const bad = await executeCommand(short, 'auth', { words: ['youtube'] });
    expect(bad).toMatchObject({ kind: 'error', title: 'Bad encryption key' });
    expect(JSON.stringify(bad)).not.toContain('c2hvcnQ=');
  });

  it('a denied consent is a clear error and stores nothing', async () => {
    const ctx = await context();
    fake.consent = 'deny';
    try {
      const reply = await authViaBrowser(ctx, ['youtube'], 400);
      expect(reply).toMatchObject({ kind: 'error', title: 'Not connected' });
    } finally {
      fake.consent = 'approve';
    }
    expect(await database().prisma.channel.count({ where: { teamId: ctx.team.id } })).toBe(0);
  });

  it('/connect needs PUBLIC_URL; with it, the link comes back to the bot and works once', async () => {
    const without = await executeCommand(await context({}, 'discord'), 'connect', { words: [] });
    expect(without).toMatchObject({ kind: 'error', title: 'Cannot connect from chat yet' });
    expect(without.fields?.[0]?.value).toMatch(/PUBLIC_URL.*tubepilot auth youtube/);

    const ctx = await context({ PUBLIC_URL: 'https://bot.example.com' }, 'discord');
    const chat = {
      ...ctx,
      room: { platform: 'discord' as const, roomId: 'room-1' },
      user: { id: 'u-7', canManage: async () => true },
    };
    const reply = await executeCommand(chat, 'connect', { words: ['studio'] });
    expect(reply.kind).toBe('result');
    const link = (reply.data as { url: string }).url;
    const redirectUri = 'https://bot.example.com/oauth/youtube/callback';
    expect(new URL(link).searchParams.get('redirect_uri')).toBe(redirectUri);

    // The browser's trip through Google ends at the bot's callback with a code and the state.
    const consent = await fetch(link, { redirect: 'manual' });
    const callback = new URL(consent.headers.get('location') ?? '');
    const params = { state: callback.searchParams.get('state') ?? '', code: callback.searchParams.get('code') ?? '' };
    // …which is the bot's own HTTP server: the route trades the code, answers the browser and tells the room.
    const poster = recordingPoster('discord');
    const deps = { db: database().prisma, config: ctx.config, log: ctx.log, now: () => now };
    const http = await startHttpServer([youtubeCallbackRoute(deps, { discord: poster })], { port: 0, log: ctx.log });
    try {
      const back = `http://127.0.0.1:${http.port}${callback.pathname}?state=${params.state}&code=${params.code}`;
      const page = await fetch(back);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(
        `Connected ${fake.channel.title} to TubePilot as "studio". You can close this tab.`,
      );
      expect(poster.posts).toEqual([expect.objectContaining({ roomId: 'room-1' })]);
      expect(poster.posts[0]?.reply.title).toBe(`YouTube channel connected: ${fake.channel.title}`);
      const channel = await database().prisma.channel.findFirstOrThrow({ where: { teamId: ctx.team.id } });
      expect(channel).toMatchObject({ name: 'studio', source: 'youtube', youtubeId: fake.channel.id });
      expect(channel.refreshTokenEnc).not.toContain('fake-refresh');

      const replay = await fetch(back);
      expect(replay.status).toBe(400);
      expect(await replay.text()).toMatch(/^Link expired: .*unknown, already used or expired/);
      const denied = await fetch(`http://127.0.0.1:${http.port}${callback.pathname}?error=access_denied`);
      expect(await denied.text()).toMatch(/not given access \(access_denied\)/);
    } finally {
      await http.close();
    }
  });

  it('refresh explains what it cannot do: demo channels, revoked access, and users without the manage role', async () => {
    const ctx = await context();
    await executeCommand(ctx, 'demo', { words: [] });
    const demo = await executeCommand(ctx, 'refresh', { words: ['demo'] });
    expect(demo).toMatchObject({ kind: 'error', title: 'Not a connected YouTube channel' });

    const connected = await context();
    await authViaBrowser(connected, ['youtube', '--channel', 'revoked']);
    fake.revokeAll();
    const reply = await executeCommand(connected, 'refresh', { words: ['revoked'] });
    expect(reply).toMatchObject({ kind: 'error', title: 'revoked needs to be re-connected' });
    expect(reply.summary).toMatch(/stored numbers are kept/);

    const chat = { ...(await context({}, 'discord')), user: { id: 'u1', canManage: async () => false } };
    expect(await executeCommand(chat, 'refresh', { words: [] })).toMatchObject({ kind: 'error', title: 'Not allowed' });
  });
});
