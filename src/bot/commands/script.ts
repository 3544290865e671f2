import { generateScript, SCRIPT_HORIZON_DAYS } from '../../core/ai/script-generation.js';
import { approveScript } from '../../core/ai/script-store.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { UserError } from '../../core/errors.js';
import { asOfField } from '../../core/format/as-of.js';
import { formatPlannedInterval } from '../../core/format/calibration.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount } from '../../core/format/numbers.js';
import { announceScriptApproved } from '../../core/pipeline/webhooks.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { defineCommand, option } from './command.js';

export const scriptCommand = defineCommand({
  name: 'script',
  description: 'A Shorts script that follows the strategy, with its predicted views; or approve a draft',
  options: {
    topic: option.string('What the video is about (default: the strategy’s top topic)'),
    approve: option.integer('Approve the draft script with this id', { min: 1 }),
    best: option.boolean('Only the best-supported choices, no exploring of less-tested ones'),
    channel: option.channel(),
  },
  positional: 'topic',
  scope: 'chat',
  // An approved script goes to the production pipeline (its API, and the webhook sent on approval).
  permission: { manageOptions: { approve: 'Approving a script' } },
  examples: ['/script', '/script topic:eggs', '/script approve:12'],
  async run(ctx, { topic, approve, best, channel: name }): Promise<Reply> {
    if (approve !== undefined) {
      if (topic !== undefined) throw new UserError('Write or approve?', 'Give either topic:… or approve:…, not both.');
      const script = await approveScript(ctx.db, ctx.team.id, approve);
      announceScriptApproved(ctx, ctx.team.id, script.id);
      return {
        kind: 'result',
        title: `Script #${script.id} approved`,
        summary: `"${script.topic}" is approved. It is linked to its video, and its prediction scored, once a video with one of its titles is published.`,
      };
    }
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const result = await generateScript(ctx, channel.id, topic, { explore: !best });
    const { words, prediction } = result;
    const sections: ReplySection[] = [
      { heading: 'Why this video', list: result.choices },
      {
        heading: 'Beats',
        table: {
          columns: ['Time', 'Voice-over', 'On screen'],
          rows: words.value.beats.map((beat) => [
            `${beat.start_s}–${beat.end_s} s`,
            beat.voiceover,
            beat.on_screen_text,
          ]),
        },
      },
      { heading: 'Call to action', text: words.value.cta },
      { heading: 'Title options', list: words.value.title_options },
      ...('unavailable' in prediction
        ? []
        : [
            {
              heading: 'Prediction basis',
              list: [...prediction.basis, ...prediction.notes],
            },
          ]),
      ...(words.note ? [{ heading: 'Note', text: words.note }] : []),
    ];
    return {
      kind: 'result',
      title: `Script: ${result.topic}`,
      summary: `Draft #${result.scriptId}, about ${result.targetLengthS} s, ${result.hookStyle} hook, to go out at ${String(result.postHour).padStart(2, '0')}:00 channel time, following content strategy v${result.strategy.version}.`,
      labels: [...channelLabels(channel.source), words.label],
      fields: [
        asOfField(result.figures, ctx.now()),
        { label: 'Hook', value: words.value.hook },
        {
          label: `Expected views at ${SCRIPT_HORIZON_DAYS} days`,
          value:
            'unavailable' in prediction
              ? `no prediction yet: ${prediction.unavailable}`
              : `${formatCount(prediction.predicted)} (${formatPlannedInterval(prediction)}), prediction #${prediction.id}`,
        },
        { label: 'Status', value: `draft — approve with /script approve:${result.scriptId}` },
      ],
      sections,
      followUps: [
        { label: 'Approve it', command: `/script approve:${result.scriptId}` },
        { label: 'The strategy', command: '/strategy' },
      ],
      actions: [
        { id: 'approve', label: 'Approve', command: 'script', options: { approve: result.scriptId }, style: 'primary' },
        // Another draft on the same topic and channel; the strategy chooses the rest afresh.
        { id: 'rewrite', label: 'Rewrite', command: 'script', options: { topic: result.topic, channel: channel.name } },
      ],
      data: { channel: channel.name, ...result, words: words.value, writer: words.writer },
    };
  },
});
