import { ButtonInteraction, type Client, PermissionFlagsBits, Routes, SnowflakeUtil } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatBot, startChatBot } from '../../src/bot/chat-bot.js';
import { answerThreadMessage } from '../../src/bot/chat-discussions.js';
import type { DiscordCommandDeps } from '../../src/bot/discord/discord-commands.js';
import { attachDiscordHandlers, handleInteraction } from '../../src/bot/discord/discord-gateway.js';
import { createDiscordRest, DiscordPoster } from '../../src/bot/discord/discord-poster.js';
import { registerDiscordCommands } from '../../src/bot/discord/register-commands.js';
import { ensureChatTeam } from '../../src/core/channels/teams.js';
import type { Config } from '../../src/core/config.js';
import { addWebhook, webhookDeliveriesSettled } from '../../src/core/pipeline/webhooks.js';
import type { Reply } from '../../src/core/reply.js';
import { waitFor } from '../fakes/chat-fake-server.js';
import { discordSigningKeys, type FakeDiscord, startFakeDiscord } from '../fakes/fake-discord.js';
import { describeEachBackend } from '../support/backends.js';
import {
  chatTeamWithDemo,
  type DiscordTestBot,
  discordTestClient,
  discordTestConfig,
  startDiscordTestBot,
} from '../support/chat-bot-setup.js';
import { postInsight } from '../support/chat-insight.js';
import { memoryLog } from '../support/command-context.js';
import {
  type Invocation,
  postSigned,
  rawButtonClick,
  rawInteraction,
  TEST_DISCORD_APP,
} from '../support/discord-interaction.js';
import { pngSize } from '../support/png.js';
import { startWebhookSink } from '../support/webhook-sink.js';

// Real discord.js interaction objects built from API-shaped payloads (as the gateway delivers them), and
// Ed25519-signed HTTP interactions, answered through @discordjs/rest against the fake Discord API.

const now = new Date('2026-11-23T12:00:00Z');
const APP = TEST_DISCORD_APP;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7]);
let suiteCounter = 0;

describeEachBackend('Discord bot', (database) => {
  let bot: DiscordTestBot;
  let discord: FakeDiscord;
  let client: Client;
  let teamId: number;
  const guild = `G${process.pid}x${++suiteCounter}`;
  let deps: DiscordCommandDeps;

  beforeAll(async () => {
    bot = await startDiscordTestBot(database().prisma, { guild, now });
    ({ discord, client, teamId, deps } = bot);
  });

  afterAll(async () => {
    await bot?.close();
  });

  async function run(name: string, invocation: Invocation = {}) {
    const raw = rawInteraction(name, { guild, ...invocation });
    return { raw, calls: await bot.run(raw) };
  }

  it('defers /stats at once, then edits the original message with the embed and opens a discussion thread', async () => {
    const { raw, calls } = await run('stats', { options: [{ name: 'channel', type: 3, value: 'demo' }] });
    expect(calls[0]).toMatchObject({
      method: 'POST',
      route: `/interactions/${raw.id}/${raw.token}/callback`,
      body: { type: 5 },
    });
    const edit = calls[1];
    expect(edit).toMatchObject({ method: 'PATCH', route: `/webhooks/${APP}/${raw.token}/messages/@original` });
    const embeds = edit?.body?.embeds as { title: string; fields: { name: string }[] }[];
    expect(embeds[0]?.title).toMatch(/demo/i);
    expect(embeds[0]?.fields.map((field) => field.name)).toContain('Median views');
    const thread = discord.calls.find(
      (call) => call.route.startsWith(`/channels/${raw.channel_id}/messages/`) && call.route.endsWith('/threads'),
    );
    expect(thread?.body).toMatchObject({ name: embeds[0]?.title, auto_archive_duration: 1440 });
    const threadId = thread?.route.split('/')[4] as string;
    const row = await database().prisma.conversationThread.findUnique({
      where: { platform_threadRef: { platform: 'discord', threadRef: threadId } },
    });
    expect(row).toMatchObject({ teamId, channelId: expect.any(Number) });
  });

  it('answers errors privately: the deferred message is deleted and an ephemeral follow-up says what to do', async () => {
    const { raw, calls } = await run('analyze', {
      options: [{ name: 'video', type: 3, value: 'no such video anywhere' }],
    });
    expect(
      calls.map((call) => `${call.method} ${call.route.replace(raw.token, 'TOKEN').replace(raw.id, 'ID')}`),
    ).toEqual([
      'POST /interactions/ID/TOKEN/callback',
      `DELETE /webhooks/${APP}/TOKEN/messages/@original`,
      `POST /webhooks/${APP}/TOKEN`,
    ]);
    expect(calls[2]?.body).toMatchObject({ flags: 64 });
    expect(JSON.stringify(calls[2]?.body)).toContain('Unknown video');
    expect(JSON.stringify(calls[2]?.body)).toContain('Give a video id');
  });

  it('refuses outside a server, immediately and privately', async () => {
    const raw = rawInteraction('stats', { guild: null });
    const [callback] = await bot.run(raw);
    expect(callback?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(callback?.body)).toContain('Servers only');
  });

  it('lets Manage Server or the configured role run manage commands; others are refused and nothing changes', async () => {
    const refused = await run('settings', { options: [{ name: 'manage-role', type: 3, value: '<@&123456>' }] });
    expect(JSON.stringify(refused.calls.at(-1)?.body)).toContain('Not allowed');
    expect((await database().prisma.team.findUniqueOrThrow({ where: { id: teamId } })).manageRole).toBeNull();

    await run('settings', {
      permissions: PermissionFlagsBits.ManageGuild,
      options: [{ name: 'manage-role', type: 3, value: '<@&123456>' }],
    });
    expect((await database().prisma.team.findUniqueOrThrow({ where: { id: teamId } })).manageRole).toBe('123456');

    const byRole = await run('settings', { roles: ['123456'] });
    expect(byRole.calls[1]?.method).toBe('PATCH');
    expect(JSON.stringify(byRole.calls[1]?.body)).toContain('<@&123456>');
  });

  it('answers a question typed in the discussion thread, in that thread (gateway messageCreate)', async () => {
    const { raw } = await run('stats');
    const thread = await waitFor(() =>
      discord.calls.find(
        (call) => call.route.startsWith(`/channels/${raw.channel_id}/messages/`) && call.route.endsWith('/threads'),
      ),
    );
    const threadId = thread.route.split('/')[4] as string;
    await waitFor(() => database().prisma.conversationThread.findFirst({ where: { threadRef: threadId } }));
    const listener = discordTestClient(deps.config);
    attachDiscordHandlers(listener, deps);
    const cachedGuild = (listener.guilds as unknown as { _add(data: unknown): unknown })._add({
      id: guild,
      name: 'Acme',
      roles: [],
      emojis: [],
      channels: [],
      members: [],
    });
    (listener.channels as unknown as { _add(data: unknown, guild: unknown): unknown })._add(
      {
        id: threadId,
        type: 11,
        guild_id: guild,
        parent_id: raw.channel_id,
        name: 'Overview',
        thread_metadata: {
          archived: false,
          auto_archive_duration: 1440,
          archive_timestamp: now.toISOString(),
          locked: false,
        },
      },
      cachedGuild,
    );
    (
      listener as unknown as { actions: { MessageCreate: { handle(data: unknown): void } } }
    ).actions.MessageCreate.handle({
      id: '990000000000000001',
      channel_id: threadId,
      guild_id: guild,
      author: { id: '500000000000000002', username: 'bo', discriminator: '0', avatar: null, global_name: 'Bo' },
      content: 'why are the median views like that?',
      timestamp: now.toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
    });
    const answer = await waitFor(() =>
      discord.calls.find((call) => call.method === 'POST' && call.route === `/channels/${threadId}/messages`),
    );
    expect(JSON.stringify(answer.body)).toContain('Re: ');
    expect(JSON.stringify(answer.body)).toContain('Median views');
    await listener.destroy();
  });

  it('posts a reply with a chart as a multipart message with its attachment, and opens a thread on it', async () => {
    const poster = new DiscordPoster(createDiscordRest(deps.config));
    const reply: Reply = {
      kind: 'result',
      title: 'Digest',
      summary: 'Views up.',
      images: [{ name: 'views.png', png, alt: 'Views per day' }],
    };
    const posted = await poster.postToRoom('CDIGEST', reply);
    const call = discord.calls.find((entry) => entry.route === '/channels/CDIGEST/messages');
    expect(call?.authorization).toBe('Bot bot-token');
    expect(call?.files).toEqual([
      { field: 'files[0]', name: 'views.png', size: png.length, contentType: 'image/png', data: Buffer.from(png) },
    ]);
    expect(call?.body).toMatchObject({
      attachments: [{ id: 0, filename: 'views.png' }],
      embeds: expect.arrayContaining([expect.objectContaining({ image: { url: 'attachment://views.png' } })]),
    });
    expect(await poster.openThread('CDIGEST', posted.messageRef, 'Digest')).toBe(posted.messageRef);
  });

  it('attaches files within Discord’s 10 MiB per file; a larger one is left out and the reply says where to get it (the fake refuses it with 413, as Discord does)', async () => {
    const room = '730000000000000001';
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const csv = 'text/csv; charset=utf-8';
    await deps.poster.postToRoom(room, {
      kind: 'result',
      title: 'Export',
      files: [
        { name: 'videos.csv', data: big, contentType: csv, description: 'videos' },
        { name: 'effects.csv', data: new TextEncoder().encode('a,b\n1,2\n'), contentType: csv, description: 'effects' },
      ],
    });
    const posted = discord.calls.filter(
      (call) => call.method === 'POST' && call.route === `/channels/${room}/messages`,
    );
    expect(posted.map((call) => call.files.map((file) => file.name))).toEqual([['effects.csv']]);
    expect(JSON.stringify(posted[0]?.body)).toContain('videos.csv: over Discord');
    await expect(
      client.rest.post(Routes.channelMessages(room), {
        body: { content: 'raw' },
        files: [{ name: 'videos.csv', data: Buffer.from(big) }],
      }),
    ).rejects.toMatchObject({ status: 413, code: 40005 });
  });

  it('posts a marked reply once: a repeat within the nonce window gets the same message, the history finds it later', async () => {
    const poster = new DiscordPoster(createDiscordRest(deps.config));
    const reply: Reply = { kind: 'result', title: 'Digest', summary: 'Views up.' };
    const first = await poster.postToRoom('CNONCE', reply, { marker: 'tp-digest-7' });
    expect(await poster.postToRoom('CNONCE', reply, { marker: 'tp-digest-7' })).toEqual(first);
    const sent = discord.calls.filter((call) => call.route === '/channels/CNONCE/messages' && call.method === 'POST');
    expect(sent.map((call) => [call.body?.nonce, call.body?.enforce_nonce])).toEqual([
      ['tp-digest-7', true],
      ['tp-digest-7', true],
    ]);
    expect(discord.messages('CNONCE').map((message) => message.id)).toEqual([first.messageRef]);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    expect(await poster.findPosted('CNONCE', 'tp-digest-7', anHourAgo)).toBe(first.messageRef);
    expect(await poster.findPosted('CNONCE', 'tp-digest-8', anHourAgo)).toBeUndefined();
    expect(await poster.findPosted('CNONCE', 'tp-digest-7', new Date(Date.now() + 60_000))).toBeUndefined();
  });

  it('opens one thread per message: Discord refuses a second (160004), which means the thread is already there', async () => {
    const poster = new DiscordPoster(createDiscordRest(deps.config));
    const { messageRef } = await poster.postToRoom('CTHREAD', { kind: 'result', title: 'Insight' });
    expect(await poster.openThread('CTHREAD', messageRef, 'Insight')).toBe(messageRef);
    expect(await poster.openThread('CTHREAD', messageRef, 'Insight')).toBe(messageRef);
    expect(discord.messages('CTHREAD')).toEqual([expect.objectContaining({ id: messageRef, thread: messageRef })]);
    await expect(
      createDiscordRest(deps.config).post(`/channels/CTHREAD/messages/${messageRef}/threads`, {
        body: { name: 'again' },
      }),
    ).rejects.toMatchObject({ status: 400, code: 160004 });
    await expect(poster.openThread('CTHREAD', '123', 'Nowhere')).rejects.toMatchObject({ status: 404, code: 10008 });
  });

  it('the fake refuses what Discord refuses; a reply past every limit is split into messages Discord takes', async () => {
    const rest = createDiscordRest(deps.config);
    const refused = async (body: Record<string, unknown>) =>
      rest.post('/channels/CLIMIT/messages', { body }).then(
        () => 'accepted',
        (error: { status: number; code: number }) => `${error.status} ${error.code}`,
      );
    expect(await refused({ content: 'x'.repeat(2001) })).toBe('400 50035');
    expect(await refused({ embeds: Array.from({ length: 11 }, () => ({ title: 'x' })) })).toBe('400 50035');
    expect(await refused({ embeds: [{ title: 'x'.repeat(257) }] })).toBe('400 50035');
    expect(await refused({ embeds: [{ description: 'x'.repeat(4097) }] })).toBe('400 50035');
    expect(await refused({ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] })).toBe(
      '400 50035',
    );
    expect(await refused({ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] })).toBe('400 50035');
    expect(await refused({ embeds: [{ description: 'x'.repeat(4000) }, { description: 'y'.repeat(2001) }] })).toBe(
      '400 50035',
    );
    expect(await refused({ nonce: 'x'.repeat(26), content: 'hi' })).toBe('400 50035');
    expect(await refused({})).toBe('400 50006');
    const button = (customId: string, label = 'Go') => ({ type: 2, style: 1, custom_id: customId, label });
    const row = (...buttons: unknown[]) => ({ type: 1, components: buttons });
    const withButtons = (...rows: unknown[]) => ({ content: 'hi', components: rows });
    expect(await refused(withButtons(row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))))).toBe('400 50035');
    expect(await refused(withButtons(...Array.from({ length: 6 }, (_, i) => row(button(`r${i}`)))))).toBe('400 50035');
    expect(await refused(withButtons(row(button('x'.repeat(101)))))).toBe('400 50035');
    expect(await refused(withButtons(row(button('b', 'L'.repeat(81)))))).toBe('400 50035');
    expect(await refused(withButtons(row(button('same'), button('same'))))).toBe('400 50035');
    expect(discord.messages('CLIMIT')).toEqual([]);

    const poster = new DiscordPoster(rest);
    const huge: Reply = {
      kind: 'result',
      title: 'T'.repeat(300),
      summary: 'S'.repeat(5000),
      fields: Array.from({ length: 40 }, (_, i) => ({
        label: `Field ${i} ${'n'.repeat(300)}`,
        value: 'v'.repeat(1100),
      })),
      sections: Array.from({ length: 6 }, (_, i) => ({
        heading: `Section ${i}`,
        text: 'w '.repeat(2500),
        list: ['l'.repeat(900)],
      })),
      images: Array.from({ length: 12 }, (_, i) => ({ name: `c${i}.png`, png, alt: 'A'.repeat(400) })),
      actions: Array.from({ length: 30 }, (_, i) => ({
        id: `a${i}`,
        label: `Action ${i} ${'l'.repeat(100)}`,
        command: 'analyze',
        options: { video: i === 3 ? 'v'.repeat(100) : `v${i}` },
      })),
    };
    await poster.postToRoom('CHUGE', huge);
    const posted = discord.messages('CHUGE');
    expect(posted.length).toBeGreaterThan(1);
    // The buttons under the last message: 25 at most, in rows of five; the one too long for a custom_id left out.
    const rows = posted.at(-1)?.components as { components: { custom_id: string }[] }[];
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    expect(JSON.stringify(rows)).not.toContain('v'.repeat(100));
    expect(posted.slice(0, -1).every((message) => message.components.length === 0)).toBe(true);
  });

  it('waits out a 429 and retries a 5xx, but a persistent outage rejects so the caller can retry later', async () => {
    const poster = new DiscordPoster(createDiscordRest(deps.config));
    const reply: Reply = { kind: 'result', title: 'Digest' };
    discord.failNext({ method: 'POST', route: /^\/channels\/CRATE\/messages$/, status: 429, retryAfterS: 0.05 });
    discord.failNext({ method: 'POST', route: /^\/channels\/CRATE\/messages$/, status: 502 });
    await poster.postToRoom('CRATE', reply);
    expect(discord.calls.filter((call) => call.route === '/channels/CRATE/messages')).toHaveLength(3);
    for (let i = 0; i < 4; i++)
      discord.failNext({ method: 'POST', route: /^\/channels\/CDOWN\/messages$/, status: 503 });
    await expect(poster.postToRoom('CDOWN', reply)).rejects.toThrow();
    expect(discord.calls.filter((call) => call.route === '/channels/CDOWN/messages')).toHaveLength(4);
  });

  /** A click on a button of a message, as the gateway delivers it, built into a real discord.js ButtonInteraction. */
  async function click(customId: string, invocation: Parameters<typeof rawButtonClick>[1] = {}) {
    const raw = rawButtonClick(customId, { guild, ...invocation });
    discord.interaction(raw.token, raw.channel_id);
    const interaction = Reflect.construct(ButtonInteraction, [client, raw]) as ButtonInteraction;
    await handleInteraction(deps, interaction);
    return discord.calls.filter((call) => call.route.includes(raw.token) || call.route.includes(raw.id));
  }

  type Row = { type: number; components: { custom_id: string; label: string; style: number }[] };
  const buttonsOf = (calls: { method: string; body?: Record<string, unknown> }[]) =>
    ((calls.find((call) => call.method === 'PATCH')?.body?.components ?? []) as Row[]).flatMap((row) => row.components);

  it('puts Approve and Rewrite under a /script draft; Approve needs the manage role, by click as typed; a manager’s click approves it and tells the pipeline', async () => {
    const db = database().prisma;
    const sink = await startWebhookSink();
    await addWebhook(deps, teamId, null, sink.url);
    const deliveries = () => db.webhookDelivery.count({ where: { webhook: { teamId } } });
    const { calls } = await run('script', { options: [{ name: 'channel', type: 3, value: 'demo' }] });
    const buttons = buttonsOf(calls);
    expect(buttons.map((button) => button.label)).toEqual(['Approve', 'Rewrite']);
    const draft = await db.generatedScript.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(draft.status).toBe('draft');
    // Discord keeps what it was sent: the buttons are on the posted message.
    const original = calls.find((call) => call.method === 'PATCH');
    expect(JSON.stringify(original?.body)).toContain(`Draft #${draft.id}`);

    // A member: refused privately, as when typing it; nothing approved, nothing sent to the pipeline.
    const refused = await click(buttons[0]?.custom_id as string);
    const typedByMember = await run('script', { options: [{ name: 'approve', type: 4, value: draft.id }] });
    expect(JSON.stringify(refused.at(-1)?.body)).toContain('Approving a script');
    expect(JSON.stringify(refused.at(-1)?.body)).toContain('Not allowed');
    expect(refused.at(-1)?.body).toMatchObject({ flags: 64 });
    expect(refused.at(-1)?.body?.embeds).toEqual(typedByMember.calls.at(-1)?.body?.embeds);
    await webhookDeliveriesSettled();
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('draft');
    expect(await deliveries()).toBe(0);

    const manager = { permissions: PermissionFlagsBits.ManageGuild };
    const approved = await click(buttons[0]?.custom_id as string, manager);
    expect(approved[0]?.body).toMatchObject({ type: 5 });
    expect(JSON.stringify(approved.find((call) => call.method === 'PATCH')?.body)).toContain(
      `Script #${draft.id} approved`,
    );
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('approved');
    await webhookDeliveriesSettled();
    expect(sink.bodies.map((body) => JSON.parse(body).script.id)).toEqual([draft.id]);
    await sink.close();
    // A second click is the same command again: refused the same way a second typed approval is.
    const again = await click(buttons[0]?.custom_id as string, manager);
    const typed = await run('script', { ...manager, options: [{ name: 'approve', type: 4, value: draft.id }] });
    expect(again.at(-1)?.body?.embeds).toEqual(typed.calls.at(-1)?.body?.embeds);
    expect(again.at(-1)?.body).toMatchObject({ flags: 64 });

    const rewritten = await click(buttons[1]?.custom_id as string);
    const next = await db.generatedScript.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(next).toMatchObject({ status: 'draft', topic: draft.topic, channelId: draft.channelId });
    expect(next.id).toBeGreaterThan(draft.id);
    expect(JSON.stringify(rewritten.find((call) => call.method === 'PATCH')?.body)).toContain(`Draft #${next.id}`);
  });

  it('puts Refresh under /stats of a YouTube channel; a member without the manage role is refused as when typing /refresh, a manager runs it', async () => {
    const db = database().prisma;
    const channel = await db.channel.create({
      data: { teamId, name: 'ytbtn', title: 'YT buttons', source: 'youtube', youtubeId: 'UCbuttons' },
    });
    const demoStats = await run('stats', { options: [{ name: 'channel', type: 3, value: 'demo' }] });
    expect(buttonsOf(demoStats.calls)).toEqual([]);
    const { calls } = await run('stats', { options: [{ name: 'channel', type: 3, value: 'ytbtn' }] });
    const [refresh] = buttonsOf(calls);
    expect(refresh?.label).toBe('Refresh');

    const refused = await click(refresh?.custom_id as string);
    const typed = await run('refresh', { options: [{ name: 'channel', type: 3, value: 'ytbtn' }] });
    expect(JSON.stringify(refused.at(-1)?.body)).toContain('Not allowed');
    expect(refused.at(-1)?.body?.embeds).toEqual(typed.calls.at(-1)?.body?.embeds);
    expect(refused.at(-1)?.body).toMatchObject({ flags: 64 });
    expect(await db.channel.findUniqueOrThrow({ where: { id: channel.id } })).toEqual(channel);

    // Past the permission check /refresh itself answers: this channel was never connected.
    const ran = await click(refresh?.custom_id as string, { permissions: PermissionFlagsBits.ManageGuild });
    expect(JSON.stringify(ran.at(-1)?.body)).toContain('Not a connected YouTube channel');
  });

  it('opens an insight’s discussion thread on Discuss, once: a second click, or one at the same moment, points to it privately; another server’s click opens nothing', async () => {
    const db = database().prisma;
    const room = '710000000000000001';
    const eggs = await postInsight(deps.poster, db, { teamId, roomId: room, summary: 'Egg videos get 55% more views' });
    const [discuss] = ((discord.messages(room)[0]?.components ?? []) as Row[]).flatMap((row) => row.components);
    expect(discuss).toMatchObject({ label: 'Discuss', custom_id: 'tp1:discuss' });

    // A click from another server (its team) on this team's message: nothing opened.
    const elsewhere = `${guild}-other`;
    await ensureChatTeam(db, 'discord', elsewhere, 'Other');
    const stranger = await click(discuss?.custom_id as string, { guild: elsewhere, channel: room, message: eggs });
    expect(stranger[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(stranger[0]?.body)).toContain('Nothing to discuss here');
    expect(discord.messages(room)[0]?.thread).toBeUndefined();

    const opened = await click(discuss?.custom_id as string, { channel: room, message: eggs });
    expect(opened).toHaveLength(1);
    expect(opened[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(opened[0]?.body)).toContain('Discussion opened');
    expect(JSON.stringify(opened[0]?.body)).toContain(`<#${eggs}>`);
    expect(discord.messages(room)[0]?.thread).toBe(eggs);
    const again = await click(discuss?.custom_id as string, { channel: room, message: eggs });
    expect(JSON.stringify(again[0]?.body)).toContain('Already under discussion');
    expect(JSON.stringify(again[0]?.body)).toContain(`<#${eggs}>`);
    expect(threadsOpenedOn(eggs)).toHaveLength(1);
    // Discord itself refuses a second thread on the message.
    await expect(
      client.rest.post(Routes.threads(room, eggs), { body: { name: 'again', auto_archive_duration: 1440 } }),
    ).rejects.toMatchObject({ code: 160004 });

    // Two people at once: one click opens it, the other is pointed to it.
    const tea = await postInsight(deps.poster, db, { teamId, roomId: room, summary: 'Tea videos hold viewers longer' });
    const both = await Promise.all([
      click(discuss?.custom_id as string, { channel: room, message: tea }),
      click(discuss?.custom_id as string, { channel: room, message: tea }),
    ]);
    expect(both.map((calls) => (JSON.stringify(calls[0]?.body).includes('Discussion opened') ? 1 : 0)).sort()).toEqual([
      0, 1,
    ]);
    expect(threadsOpenedOn(tea)).toHaveLength(1);

    // A question in the thread is answered there, from the insight.
    expect(
      await answerThreadMessage(deps, deps.poster, {
        platform: 'discord',
        teamExternalId: guild,
        roomId: room,
        threadRef: eggs,
        text: 'how many egg videos is that from?',
      }),
    ).toBe(true);
    const answer = discord.calls.find((call) => call.method === 'POST' && call.route === `/channels/${eggs}/messages`);
    expect(JSON.stringify(answer?.body)).toContain('Videos behind it: 24');
  });

  const threadsOpenedOn = (messageRef: string) =>
    discord.calls.filter((call) => call.method === 'POST' && call.route.endsWith(`/messages/${messageRef}/threads`));

  it('answers a click on a button it did not make privately, and runs nothing', async () => {
    const calls = await click('someone-elses-button');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(JSON.stringify(calls[0]?.body)).toContain('Unknown button');
  });
});

describeEachBackend('Discord HTTP interactions', (database) => {
  let discord: FakeDiscord;
  let bot: ChatBot;
  let url: string;
  const keys = discordSigningKeys();
  const guild = `GH${process.pid}x${++suiteCounter}`;
  let config: Config;

  beforeAll(async () => {
    discord = await startFakeDiscord();
    config = discordTestConfig(discord.apiUrl, {
      DISCORD_PUBLIC_KEY: keys.publicKeyHex,
      DISCORD_MODE: 'http',
      HTTP_PORT: '0',
    });
    const db = database().prisma;
    await chatTeamWithDemo(db, 'discord', guild);
    bot = await startChatBot({ db, config, log: memoryLog().log, now: () => now }, { host: '127.0.0.1' });
    url = `http://127.0.0.1:${bot.http?.port}/discord/interactions`;
  });

  afterAll(async () => {
    await bot?.stop();
    await discord?.close();
  });

  async function post(payload: unknown, sign = keys.sign, timestamp = String(Math.floor(Date.now() / 1000)), to = url) {
    const body = JSON.stringify(payload);
    const { token, channel_id } = payload as { token?: string; channel_id?: string };
    // Discord knows where each interaction was invoked.
    if (token && channel_id) discord.interaction(token, channel_id);
    const response = await postSigned(to, body, sign, timestamp);
    return { status: response.status, body: await response.json() };
  }

  const patches = (token: string) =>
    discord.calls.filter((call) => call.method === 'PATCH' && call.route.includes(token));

  /** Commands run one at a time in arrival order: once one sent now has answered, earlier ones have too. */
  async function settled() {
    const marker = rawInteraction('help', { guild });
    await post(marker);
    await waitFor(() => patches(marker.token)[0]);
  }

  it('answers PING, and rejects a forged signature with 401', async () => {
    expect(await post({ type: 1, id: '1', application_id: APP, token: 't', version: 1 })).toEqual({
      status: 200,
      body: { type: 1 },
    });
    const forger = discordSigningKeys();
    expect((await post(rawInteraction('stats', { guild }), forger.sign)).status).toBe(401);
  });

  it('answers a signed interaction with a malformed body 400 with a short reason, and runs nothing', async () => {
    const signedRaw = async (body: string) => {
      const response = await postSigned(url, body, keys.sign);
      return { status: response.status, text: await response.text() };
    };
    const calls = discord.calls.length;
    // Signed, parseable, but not what Discord sends: permissions must be a decimal bit set.
    const wrongShape = {
      ...rawInteraction('stats', { guild }),
      member: { user: { id: '1' }, roles: [], permissions: 'all' },
    };
    expect([
      await signedRaw('{"type": 2, '),
      await signedRaw('[1, 2]'),
      await signedRaw(JSON.stringify(wrongShape)),
    ]).toEqual([
      { status: 400, text: '{"error":"malformed body: the body is not valid JSON"}' },
      { status: 400, text: '{"error":"malformed body: the body is not a JSON object"}' },
      { status: 400, text: '{"error":"malformed body: not a Discord interaction"}' },
    ]);
    expect(discord.calls).toHaveLength(calls);
  });

  it('refuses an interaction created over 5 minutes ago (30 days here) and a signature timestamp 10 minutes ahead, and runs nothing', async () => {
    const old = rawInteraction('stats', { guild, createdAt: new Date(Date.now() - 30 * 86_400_000) });
    const ahead = rawInteraction('stats', { guild });
    const aheadTimestamp = String(Math.floor(Date.now() / 1000) + 600);
    expect(await post(old)).toEqual({ status: 401, body: { error: 'interaction out of date' } });
    expect(await post(ahead, keys.sign, aheadTimestamp)).toEqual({
      status: 401,
      body: { error: 'interaction out of date' },
    });
    await settled();
    expect(discord.calls.filter((call) => [old.token, ahead.token].some((t) => call.route.includes(t)))).toEqual([]);
  });

  it('runs an interaction once: the same signed interaction again is refused, here and by a second instance on the same database', async () => {
    const db = database().prisma;
    // Left over from earlier: a new instance prunes it with its first request.
    await db.seenRequest.create({
      data: { platform: 'discord', key: '1', expiresAt: new Date(Date.now() - 60_000) },
    });
    const second = await startChatBot({ db, config, log: memoryLog().log, now: () => now }, { host: '127.0.0.1' });
    try {
      const raw = rawInteraction('stats', { guild });
      const timestamp = String(Math.floor(Date.now() / 1000));
      expect(await post(raw, keys.sign, timestamp)).toEqual({ status: 200, body: { type: 5 } });
      const elsewhere = `http://127.0.0.1:${second.http?.port}/discord/interactions`;
      expect(await post(raw, keys.sign, timestamp, elsewhere)).toEqual({
        status: 401,
        body: { error: 'interaction already received' },
      });
      expect((await post(raw, keys.sign, timestamp)).status).toBe(401);
      await waitFor(() => patches(raw.token)[0]);
      await settled();
      expect(patches(raw.token)).toHaveLength(1);
      const seen = await db.seenRequest.findUnique({ where: { platform_key: { platform: 'discord', key: raw.id } } });
      expect(seen?.expiresAt.getTime()).toBe(SnowflakeUtil.timestampFrom(raw.id) + 5 * 60_000);
      expect(await db.seenRequest.findFirst({ where: { platform: 'discord', key: '1' } })).toBeNull();
    } finally {
      await second.stop();
    }
  });

  it('runs a signed button click once, like the command; a forged or replayed click runs nothing', async () => {
    const db = database().prisma;
    const script = await runScriptOverHttp();
    const approve = ((script.body?.components ?? []) as { components: { custom_id: string; label: string }[] }[])
      .flatMap((row) => row.components)
      .find((button) => button.label === 'Approve');
    const draft = await db.generatedScript.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(draft.status).toBe('draft');

    const forged = rawButtonClick(approve?.custom_id as string, { guild });
    expect(await post(forged, discordSigningKeys().sign)).toEqual({
      status: 401,
      body: { error: 'invalid request signature' },
    });
    await settled();
    expect(discord.calls.filter((call) => call.route.includes(forged.token))).toEqual([]);
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('draft');

    const signed = rawButtonClick(approve?.custom_id as string, {
      guild,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    expect(await post(signed, keys.sign, timestamp)).toEqual({ status: 200, body: { type: 5 } });
    expect(await post(signed, keys.sign, timestamp)).toEqual({
      status: 401,
      body: { error: 'interaction already received' },
    });
    const edit = await waitFor(() => patches(signed.token)[0]);
    expect(JSON.stringify(edit.body)).toContain(`Script #${draft.id} approved`);
    expect((await db.generatedScript.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe('approved');
  });

  it('opens an insight’s thread on a signed Discuss click, privately; a forged or replayed click opens nothing', async () => {
    const db = database().prisma;
    const team = await db.team.findUniqueOrThrow({
      where: { platform_externalId: { platform: 'discord', externalId: guild } },
    });
    const room = '720000000000000001';
    const poster = new DiscordPoster(createDiscordRest(config));
    const message = await postInsight(poster, db, {
      teamId: team.id,
      roomId: room,
      summary: 'Saturday posts do better',
    });
    const threads = () =>
      discord.calls.filter((call) => call.method === 'POST' && call.route.endsWith(`/messages/${message}/threads`));

    const forged = rawButtonClick('tp1:discuss', { guild, channel: room, message });
    expect(await post(forged, discordSigningKeys().sign)).toEqual({
      status: 401,
      body: { error: 'invalid request signature' },
    });
    expect(threads()).toEqual([]);

    const signed = rawButtonClick('tp1:discuss', { guild, channel: room, message });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const opened = await post(signed, keys.sign, timestamp);
    expect(opened).toMatchObject({ status: 200, body: { type: 4, data: { flags: 64 } } });
    expect(JSON.stringify(opened.body)).toContain(`Discussion opened`);
    expect(JSON.stringify(opened.body)).toContain(`<#${message}>`);
    expect(await post(signed, keys.sign, timestamp)).toEqual({
      status: 401,
      body: { error: 'interaction already received' },
    });
    const later = await post(rawButtonClick('tp1:discuss', { guild, channel: room, message }));
    expect(JSON.stringify(later.body)).toContain('Already under discussion');
    expect(threads()).toHaveLength(1);
    expect(discord.messages(room)[0]?.thread).toBe(message);
  });

  /** /script over the HTTP endpoint; its edited original message (with the buttons). */
  async function runScriptOverHttp() {
    const raw = rawInteraction('script', { guild });
    await post(raw);
    return waitFor(() => patches(raw.token)[0]);
  }

  it('defers in the HTTP response, then edits the original over REST with the embed', async () => {
    const raw = rawInteraction('stats', { guild });
    const { status, body } = await post(raw);
    expect({ status, body }).toEqual({ status: 200, body: { type: 5 } });
    const edit = await waitFor(() =>
      discord.calls.find((call) => call.method === 'PATCH' && call.route.includes(raw.token)),
    );
    expect(edit.route).toBe(`/webhooks/${APP}/${raw.token}/messages/@original`);
    expect(edit.authorization).toBeUndefined();
    expect(JSON.stringify(edit.body)).toContain('Median views');
  });

  it('answers /digest by editing the original message as multipart: the PNG charts and embeds showing them', async () => {
    const raw = rawInteraction('digest', { guild, options: [{ name: 'action', type: 3, value: 'now' }] });
    expect(await post(raw)).toEqual({ status: 200, body: { type: 5 } });
    const edit = await waitFor(() =>
      discord.calls.find((call) => call.method === 'PATCH' && call.route.includes(raw.token)),
    );
    expect(edit.route).toBe(`/webhooks/${APP}/${raw.token}/messages/@original`);
    expect(edit.files.length).toBeGreaterThan(0);
    const embeds = edit.body?.embeds as { image?: { url: string } }[];
    const attachments = edit.body?.attachments as { id: number; filename: string }[];
    edit.files.forEach((file, index) => {
      expect(file).toMatchObject({ field: `files[${index}]`, contentType: 'image/png' });
      expect(pngSize(file.data)).toEqual({ width: expect.any(Number), height: expect.any(Number) });
      expect(attachments).toContainEqual({ id: index, filename: file.name });
      expect(embeds.map((embed) => embed.image?.url)).toContain(`attachment://${file.name}`);
    });
  });

  it('completes channel names and recent videos while the user types', async () => {
    const channels = await post(
      rawInteraction('stats', { guild, type: 4, options: [{ name: 'channel', type: 3, value: 'de', focused: true }] }),
    );
    expect(channels.body).toEqual({
      type: 8,
      data: { choices: [{ name: expect.stringMatching(/^demo — /), value: 'demo' }] },
    });
    const videos = await post(
      rawInteraction('analyze', { guild, type: 4, options: [{ name: 'video', type: 3, value: '', focused: true }] }),
    );
    const choices = (videos.body as { data: { choices: { name: string; value: string }[] } }).data.choices;
    expect(choices).toHaveLength(25);
    const newest = await database().prisma.video.findFirst({
      where: { channel: { team: { externalId: guild } } },
      orderBy: { publishedAt: 'desc' },
    });
    expect(choices[0]).toEqual({ name: newest?.title.slice(0, 100), value: newest?.youtubeId });
  });
});

describe('Discord command registration', () => {
  it('sends the registry’s chat commands once and afterwards only when they differ', async () => {
    const discord = await startFakeDiscord();
    try {
      const rest = createDiscordRest(discordTestConfig(discord.apiUrl));
      expect(await registerDiscordCommands(rest, { applicationId: APP, guildId: 'G1' })).toEqual({
        scope: 'guild',
        count: expect.any(Number),
        changed: true,
      });
      const stored = discord.commands.get('G1') ?? [];
      const names = stored.map((command) => command.name);
      expect(names).toEqual(
        expect.arrayContaining(['stats', 'analyze', 'trends', 'predict', 'channels', 'help', 'settings']),
      );
      expect(names).not.toContain('import');
      const analyze = stored.find((command) => command.name === 'analyze') as { options: Record<string, unknown>[] };
      expect(analyze.options).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'video', type: 3, autocomplete: true })]),
      );
      const predict = stored.find((command) => command.name === 'predict') as { options: Record<string, unknown>[] };
      expect(predict.options).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'hour', type: 4, min_value: 0, max_value: 23 }),
          expect.objectContaining({
            name: 'horizon',
            type: 3,
            choices: expect.arrayContaining([{ name: '30d', value: '30d' }]),
          }),
        ]),
      );

      // Discord answers with ids and versions and leaves out defaults: not a change.
      for (const command of stored) {
        command.description_localizations = null;
        for (const option of command.options as Record<string, unknown>[])
          if (option.required === false) delete option.required;
      }
      const puts = () => discord.calls.filter((call) => call.method === 'PUT').length;
      expect(await registerDiscordCommands(rest, { applicationId: APP, guildId: 'G1' })).toMatchObject({
        changed: false,
      });
      expect(puts()).toBe(1);
      (stored[0] as { description: string }).description = 'an older description';
      expect(await registerDiscordCommands(rest, { applicationId: APP, guildId: 'G1' })).toMatchObject({
        changed: true,
      });
      expect(puts()).toBe(2);
      expect(await registerDiscordCommands(rest, { applicationId: APP })).toMatchObject({
        scope: 'global',
        changed: true,
      });
    } finally {
      await discord.close();
    }
  });
});
