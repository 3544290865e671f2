import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { learningSettings } from '../../core/analytics/evidence-history.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { chartRendererFor } from '../../core/charts/choose-renderer.js';
import { buildDigest } from '../../core/digest/build-digest.js';
import { UserError } from '../../core/errors.js';
import { formatMoment } from '../../core/format/moments.js';
import type { Reply } from '../../core/reply.js';
import { isValidTimeZone } from '../../core/time/zoned-time.js';
import { nextOccurrence } from '../../jobs/digest-plan.js';
import { renderMarkdown } from '../cli/render-markdown.js';
import { saveReplyImages } from '../cli/save-images.js';
import { type CommandContext, defineCommand, option } from './command.js';

const ACTIONS = ['now', 'setup', 'stop'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function localOnly(ctx: CommandContext): boolean {
  return ctx.surface === 'console' || ctx.surface === 'cli';
}

export const digestCommand = defineCommand({
  name: 'digest',
  description: 'Daily digest: post it in this room every day (setup), show it now, or stop it',
  options: {
    action: option.choice('now (default): the digest now · setup: post it here daily · stop: no more here', ACTIONS),
    channel: option.channel(),
    time: option.string('setup: local time of day, HH:MM (default 09:00)'),
    timezone: option.string('setup: IANA timezone such as Europe/Berlin (default: the channel’s)'),
    out: option.string('now, on the bot’s machine only: write digest.md and the charts into this directory'),
  },
  positional: 'action',
  scope: 'chat',
  permission: { manageActions: { setup: '/digest setup', stop: '/digest stop' } },
  examples: [
    '/digest setup channel:demo time:09:00 timezone:Europe/Berlin',
    '/digest now',
    'tubepilot digest now --channel demo --out ./digest',
    '/digest stop',
  ],
  async run(ctx, { action = 'now', channel: name, time, timezone, out }): Promise<Reply> {
    if (action === 'setup') return setup(ctx, name, time, timezone);
    if (action === 'stop') return stop(ctx, name);
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    if (out !== undefined && !localOnly(ctx)) {
      throw new UserError('Not here', '`out` writes files on the bot’s machine, so it only works on its command line.');
    }
    const reply = await buildDigest(ctx.db, {
      channelId: channel.id,
      now: ctx.now(),
      renderer: chartRendererFor(ctx.config),
      learning: learningSettings(ctx.config),
    });
    if (out === undefined) return reply;
    const dir = resolve(out);
    await mkdir(dir, { recursive: true });
    const saved = await saveReplyImages(reply, dir);
    const relative = Object.fromEntries(Object.entries(saved).map(([image, path]) => [image, basename(path)]));
    const markdown = join(dir, 'digest.md');
    await writeFile(markdown, renderMarkdown(reply, relative));
    // The charts are in `dir` already: the reply names those files instead of carrying the images, which the
    // command line would otherwise save a second time, into the data folder, and name those.
    const { images: _written, ...rest } = reply;
    const written = [markdown, ...Object.values(saved)];
    return {
      ...rest,
      fields: [...(reply.fields ?? []), { label: 'Written', value: `${written.length} files into ${dir}` }],
      sections: [...(reply.sections ?? []), { heading: 'Files written', list: written }],
      data: { ...reply.data, written },
    };
  },
});

async function setup(
  ctx: CommandContext,
  name: string | undefined,
  time = '09:00',
  timezone: string | undefined,
): Promise<Reply> {
  if (!ctx.room) {
    throw new UserError(
      'Only in a chat room',
      'A daily digest is posted into a Discord or Slack room: run /digest setup in the room that should receive it.',
      'Here, `digest now` shows the digest; `digest now --out DIR` writes it as Markdown and PNGs.',
    );
  }
  if (!TIME.test(time)) throw new UserError('Bad time', `"${time}" is not a time of day.`, 'Use HH:MM, e.g. 09:00.');
  const channel = await resolveChannel(ctx.db, ctx.team.id, name);
  const zone = timezone ?? channel.timezone;
  if (!isValidTimeZone(zone)) {
    throw new UserError(
      'Unknown timezone',
      `"${zone}" is not an IANA timezone.`,
      'Use a name such as Europe/Berlin, America/New_York or UTC.',
    );
  }
  const { platform, roomId } = ctx.room;
  const binding = await ctx.db.roomBinding.upsert({
    where: { platform_roomId_channelId: { platform, roomId, channelId: channel.id } },
    create: { teamId: ctx.team.id, channelId: channel.id, platform, roomId, digestTime: time, timezone: zone },
    update: { digestTime: time, timezone: zone, active: true },
  });
  const next = nextOccurrence(binding, ctx.now());
  return {
    kind: 'result',
    title: 'Daily digest set up',
    summary: `The digest of ${channel.title} will be posted in this room every day at ${time} (${zone}).`,
    fields: [
      { label: 'Next digest', value: formatMoment(next, 'UTC') },
      { label: 'Change it', value: 'Run /digest setup again with another time or timezone.' },
    ],
    followUps: [
      { label: 'See it now', command: `/digest now channel:${channel.name}` },
      { label: 'Stop it', command: `/digest stop channel:${channel.name}` },
    ],
    data: { bindingId: binding.id, channel: channel.name, time, timezone: zone, next: next.toISOString() },
  };
}

async function stop(ctx: CommandContext, name: string | undefined): Promise<Reply> {
  const channel = name === undefined && ctx.room ? undefined : await resolveChannel(ctx.db, ctx.team.id, name);
  const where = {
    teamId: ctx.team.id,
    active: true,
    ...(channel ? { channelId: channel.id } : {}),
    ...(ctx.room ? { platform: ctx.room.platform, roomId: ctx.room.roomId } : {}),
  };
  const { count } = await ctx.db.roomBinding.updateMany({ where, data: { active: false } });
  if (count === 0) {
    throw new UserError(
      'No digest to stop',
      ctx.room ? 'No daily digest is posted in this room.' : `No room receives the digest of ${channel?.title}.`,
      '`status` lists the rooms that receive digests.',
    );
  }
  return {
    kind: 'result',
    title: 'Daily digest stopped',
    summary: ctx.room
      ? `No more daily digests${channel ? ` of ${channel.title}` : ''} in this room.`
      : `${count} room${count === 1 ? '' : 's'} will no longer receive the digest of ${channel?.title}.`,
    data: { stopped: count },
  };
}
