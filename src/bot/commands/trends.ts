import { writeTrendsWords } from '../../core/ai/trends-words.js';
import { latestAnalysis } from '../../core/analytics/channel-cache.js';
import type { EffectEstimate } from '../../core/analytics/effect-estimate.js';
import { MIN_GROUP_VIDEOS } from '../../core/analytics/effect-model.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import type { ChannelPatterns, DimensionEffects } from '../../core/analytics/pattern-effects.js';
import { REFERENCE_AGE_DAYS } from '../../core/analytics/projected-log-views.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { asOfField } from '../../core/format/as-of.js';
import { formatEffect } from '../../core/format/numbers.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { channelLabels } from './channel-labels.js';
import { defineCommand, option } from './command.js';
import { teamEvidenceSection } from './team-evidence-section.js';

const DIMENSIONS = ['all', 'topics', 'length', 'timing', 'hooks', 'titles'] as const;

const TITLE_FEATURE_NAMES: Record<keyof ChannelPatterns['title'], string> = {
  hasNumber: 'a number in the title',
  isQuestion: 'a question as title',
  isSeries: 'a series marker (part N)',
  hasAllCapsWord: 'an ALL-CAPS word',
  hasEmoji: 'an emoji',
  hasSeparator: 'a | or : separator',
  length: 'title length',
};

export const trendsCommand = defineCommand({
  name: 'trends',
  description: 'What works on this channel: topics, length, posting time, hooks, titles — with confidence',
  options: {
    channel: option.string('Channel name (default: the only channel)', { autocomplete: 'channel' }),
    show: option.choice('Which patterns (default all)', DIMENSIONS),
  },
  positional: 'channel',
  scope: 'chat',
  discussable: true,
  examples: ['/trends', '/trends show:topics'],
  async run(ctx, { channel: name, show = 'all' }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const data = await loadChannelData(ctx.db, channel.id);
    const { patterns } = latestAnalysis(data);
    const want = (dimension: (typeof DIMENSIONS)[number]) => show === 'all' || show === dimension;
    const topicNames = new Map(patterns.topics.clusters.map((cluster) => [cluster.id, cluster.label]));
    const sections: ReplySection[] = [
      ...(want('topics')
        ? [dimensionSection('Topics', patterns.topics, (group) => topicNames.get(group) ?? group)]
        : []),
      ...(want('length') ? [dimensionSection('Length', patterns.length)] : []),
      ...(want('timing') ? [postingTimeSection(patterns.postingTime, data.timezone)] : []),
      ...(want('hooks') ? [dimensionSection('Hook style', patterns.hook)] : []),
      ...(want('titles') ? [titleSection(patterns)] : []),
    ];
    const words = await writeTrendsWords(ctx, channel.id, {
      channel: channel.title,
      patterns: sections.flatMap((section) =>
        section.table ? [{ heading: section.heading, rows: section.table.rows }] : [],
      ),
      clusters: patterns.topics.clusters.map((cluster) => ({
        id: cluster.id,
        keywords: cluster.keywords,
        videos: cluster.videoIds.length,
      })),
    });
    sections.push({
      heading: 'In words',
      text: words.note ? `${words.value.narrative}\n${words.note}` : words.value.narrative,
      list: words.value.topic_names.map((topic) => `Topic "${topicNames.get(topic.id) ?? topic.id}": ${topic.name}`),
    });
    const team = show === 'all' ? await teamEvidenceSection(ctx.db, ctx.team.id, channel, patterns) : null;
    if (team) sections.push(team);
    return {
      kind: 'result',
      title: `${channel.title} — what works`,
      summary: `Effects on views against the channel's average video, from ${patterns.sampleSize} videos: each video's views projected to ${REFERENCE_AGE_DAYS} days along the channel's growth curve, all choices estimated together with format and the channel's growth over time taken out. Estimates are shrunk toward the average by how much data backs them; brackets are 80% intervals. "Works" (medium or high confidence) needs the interval clear of zero and at least ±10% views; fewer than ${MIN_GROUP_VIDEOS} videos is not enough data.`,
      labels: [...channelLabels(channel.source), words.label],
      fields: [asOfField(data, ctx.now())],
      sections,
      followUps: [
        { label: 'Analyse a video', command: '/analyze' },
        { label: 'Predict a planned video', command: '/predict topic:<topic> length:<seconds>' },
      ],
      data: {
        channel: channel.name,
        // The figures, not the fitted model (it holds the posterior's factors and a draw function).
        patterns: {
          topics: patterns.topics,
          length: patterns.length,
          postingTime: patterns.postingTime,
          hook: patterns.hook,
          title: patterns.title,
          sampleSize: patterns.sampleSize,
        },
        words: words.value,
        writer: words.writer,
      },
    };
  },
});

function dimensionSection(
  heading: string,
  dimension: DimensionEffects,
  label: (group: string) => string = (group) => group,
): ReplySection {
  const rows = dimension.effects.map((estimate) => [
    label(estimate.group),
    String(estimate.n),
    formatEffect(estimate),
    estimate.confidence,
  ]);
  const thin = dimension.insufficient.map((group) => `${label(group.group)}: ${group.message}`);
  return {
    heading,
    ...(rows.length
      ? { table: { columns: ['Group', 'n', 'Effect on views [80%]', 'Confidence'], rows, numeric: [1] } }
      : {}),
    ...(thin.length ? { list: thin } : {}),
    ...(rows.length === 0 && thin.length === 0 ? { text: 'No videos with this information yet.' } : {}),
  };
}

function postingTimeSection(postingTime: ChannelPatterns['postingTime'], timezone: string): ReplySection {
  const section = dimensionSection(`Posting time (2-hour slots, ${timezone})`, postingTime);
  if (postingTime.unknownTime === 0) return section;
  const note = `${postingTime.unknownTime} video(s) left out: their export gives a publish date without a time of day.`;
  return { ...section, text: section.text ? `${section.text} ${note}` : note };
}

function titleSection(patterns: ChannelPatterns): ReplySection {
  const rows = (Object.keys(TITLE_FEATURE_NAMES) as (keyof ChannelPatterns['title'])[]).flatMap((feature) =>
    patterns.title[feature].effects
      .filter((estimate: EffectEstimate) => estimate.group !== 'no')
      .map((estimate) => [
        feature === 'length' ? `${TITLE_FEATURE_NAMES[feature]}: ${estimate.group}` : TITLE_FEATURE_NAMES[feature],
        String(estimate.n),
        formatEffect(estimate),
        estimate.confidence,
      ]),
  );
  return rows.length
    ? {
        heading: 'Title features',
        table: { columns: ['Feature', 'n', 'Effect on views [80%]', 'Confidence'], rows, numeric: [1] },
      }
    : { heading: 'Title features', text: 'Not enough titles with distinguishing features yet.' };
}
