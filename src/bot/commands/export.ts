import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { learningSettings } from '../../core/analytics/evidence-history.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { exportChannel } from '../../core/export/channel-export.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import type { Reply, ReplyFile } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

export const exportCommand = defineCommand({
  name: 'export',
  description: "The channel's analysis as CSV: videos with scores, effects with intervals, predictions with outcomes",
  options: {
    channel: option.channel(),
    out: option.string('On the bot’s machine only: write the CSV files into this directory'),
  },
  positional: 'channel',
  scope: 'chat',
  examples: ['/export', '/export channel:demo', 'tubepilot export demo --out ./export'],
  async run(ctx, { channel: name, out }): Promise<Reply> {
    if (out !== undefined && ctx.surface !== 'console' && ctx.surface !== 'cli') {
      throw new UserError('Not here', '`out` writes files on the bot’s machine, so it only works on its command line.');
    }
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const exported = await exportChannel(ctx.db, channel.id, learningSettings(ctx.config));
    const stamp = ctx.now().toISOString().slice(0, 10);
    const file = (part: keyof typeof exported, description: string): ReplyFile => ({
      name: `${channel.name}-${part}-${stamp}.csv`,
      data: Buffer.from(exported[part].csv, 'utf8'),
      contentType: 'text/csv; charset=utf-8',
      description: `${description} (${exported[part].rows} rows)`,
    });
    const files = [
      file('videos', 'Videos with outlier and success scores'),
      file('effects', 'Effects with 80% intervals'),
      file('predictions', 'Predictions and their outcomes'),
    ];
    const reply: Reply = {
      kind: 'result',
      title: `Export of ${channel.name}`,
      summary: `${exported.videos.rows} videos, ${exported.effects.rows} effects and ${exported.predictions.rows} predictions as CSV (UTF-8). Effects are on log views: multiplier = exp(effect).`,
      labels: channelLabels(channel.source),
      data: { channel: channel.name, rows: Object.fromEntries(Object.entries(exported).map(([k, v]) => [k, v.rows])) },
    };
    if (out === undefined) return { ...reply, files };
    const dir = resolve(out);
    await mkdir(dir, { recursive: true });
    const paths = files.map((item) => join(dir, item.name));
    await Promise.all(files.map((item, index) => writeFile(paths[index] as string, item.data)));
    return { ...reply, fields: [{ label: 'Written', value: paths.join('\n') }] };
  },
});
