import { type PatternRow, writeTrendsWords } from '../../core/ai/trends-words.js';
import { type BestRange, bestRange } from '../../core/analytics/best-range.js';
import type { EffectEstimate } from '../../core/analytics/effect-estimate.js';
import { MIN_GROUP_VIDEOS } from '../../core/analytics/effect-model.js';
import { learningSettings } from '../../core/analytics/evidence-history.js';
import { latestAnalysis } from '../../core/analytics/latest-analysis.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import {
  type ChannelPatterns,
  type DimensionEffects,
  LENGTH_DIMENSION,
  POSTING_TIME_DIMENSION,
  topicHookPair,
} from '../../core/analytics/pattern-effects.js';
import { REFERENCE_AGE_DAYS } from '../../core/analytics/projected-log-views.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatHourWindow, formatLengthRange } from '../../core/format/curve-range.js';
import { formatEffect } from '../../core/format/numbers.js';
import type { Reply, ReplySection } from '../../core/reply.js';
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
    channel: option.channel(),
    show: option.choice('Which patterns (default all)', DIMENSIONS),
  },
  positional: 'channel',
  scope: 'chat',
  discussable: true,
  examples: ['/trends', '/trends show:topics'],
  async run(ctx, { channel: name, show = 'all' }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const data = await loadChannelData(ctx.db, channel.id);
    const settings = learningSettings(ctx.config);
    const { patterns } = latestAnalysis(data, settings);
    const want = (dimension: (typeof DIMENSIONS)[number]) => show === 'all' || show === dimension;
    const topicNames = new Map(patterns.topics.clusters.map((cluster) => [cluster.id, cluster.label]));
    const best = {
      postingTime: bestRange(patterns.model, POSTING_TIME_DIMENSION, patterns.postingTime, true),
      length: bestRange(patterns.model, LENGTH_DIMENSION, patterns.length, false),
    };
    // The figures, built once: the reply's tables and the writer's data are both made from them.
    const tables: PatternTable[] = [
      ...(want('topics') ? [dimensionTable('Topics', patterns.topics, (group) => topicNames.get(group) ?? group)] : []),
      ...(want('length') ? [lengthTable(patterns.length, best.length)] : []),
      ...(want('timing') ? [postingTimeTable(patterns.postingTime, best.postingTime, data.timezone)] : []),
      ...(want('hooks') ? [dimensionTable('Hook style', patterns.hook)] : []),
      ...(want('hooks') || want('topics') ? [topicHookTable(patterns.topicHook, topicNames)] : []),
      ...(want('titles') ? [titleTable(patterns)] : []),
    ];
    const sections: ReplySection[] = tables.map(replySection);
    const words = await writeTrendsWords(ctx, channel.id, {
      channel: channel.title,
      // 'other' (no topic, no hook style) stays in the tables but is no choice to name as doing best or worst.
      patterns: tables.map(({ heading, rows, summary }) => ({
        heading,
        rows: rows.filter((row) => row.group !== 'other'),
        ...(summary ? { summary } : {}),
      })),
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
    const team = show === 'all' ? await teamEvidenceSection(ctx.db, ctx.team.id, channel, patterns, settings) : null;
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
      channel: { id: channel.id, name: channel.name },
      data: {
        channel: channel.name,
        // The figures, not the fitted model (it holds the posterior's factors and a draw function).
        patterns: {
          topics: patterns.topics,
          length: patterns.length,
          postingTime: patterns.postingTime,
          hook: patterns.hook,
          topicHook: patterns.topicHook,
          title: patterns.title,
          sampleSize: patterns.sampleSize,
        },
        best,
        words: words.value,
        writer: words.writer,
      },
    };
  },
});

/** A /trends table as figures: its rows, the groups with too few videos, and an empty-case or footnote text. */
interface PatternTable {
  heading: string;
  /** "Group" or "Feature". */
  first: string;
  rows: PatternRow[];
  thin: string[];
  text?: string;
  /** A curve's best stretch, when its peak earns medium or high confidence (best-range.ts). */
  summary?: string;
}

function patternRow(group: string, estimate: EffectEstimate): PatternRow {
  return { group, n: estimate.n, effect: formatEffect(estimate), confidence: estimate.confidence };
}

function dimensionTable(
  heading: string,
  dimension: DimensionEffects,
  label: (group: string) => string = (group) => group,
): PatternTable {
  const rows = dimension.effects.map((estimate) => patternRow(label(estimate.group), estimate));
  const thin = dimension.insufficient.map((group) => `${label(group.group)}: ${group.message}`);
  return {
    heading,
    first: 'Group',
    rows,
    thin,
    ...(rows.length === 0 && thin.length === 0 ? { text: 'No videos with this information yet.' } : {}),
  };
}

function lengthTable(length: DimensionEffects, best: BestRange | null): PatternTable {
  const table = dimensionTable('Length (learned as one curve over durations)', length);
  return best ? { ...table, summary: formatLengthRange(best) } : table;
}

function postingTimeTable(
  postingTime: ChannelPatterns['postingTime'],
  best: BestRange | null,
  timezone: string,
): PatternTable {
  const curve = dimensionTable(`Posting hour (local, ${timezone}; learned as one daily curve)`, postingTime);
  const table = best ? { ...curve, summary: formatHourWindow(best, timezone) } : curve;
  if (postingTime.unknownTime === 0) return table;
  const note = `${postingTime.unknownTime} video(s) left out: their export gives a publish date without a time of day.`;
  return { ...table, text: table.text ? `${table.text} ${note}` : note };
}

function titleTable(patterns: ChannelPatterns): PatternTable {
  const rows = (Object.keys(TITLE_FEATURE_NAMES) as (keyof ChannelPatterns['title'])[]).flatMap((feature) =>
    patterns.title[feature].effects
      .filter((estimate: EffectEstimate) => estimate.group !== 'no')
      .map((estimate) =>
        patternRow(
          feature === 'length' ? `${TITLE_FEATURE_NAMES[feature]}: ${estimate.group}` : TITLE_FEATURE_NAMES[feature],
          estimate,
        ),
      ),
  );
  return {
    heading: 'Title features',
    first: 'Feature',
    rows,
    thin: [],
    ...(rows.length ? {} : { text: 'Not enough titles with distinguishing features yet.' }),
  };
}

/**
 * Hook styles that work on some topics only: the topic × hook pairs whose interaction (beyond what the topic and
 * the style each add) earns medium or high confidence, with "number-list hooks work for reviews (+35% [+12%, +62%])
 * but not for unboxings (−20% […])". Pairs that do not earn it are not listed: most pairs have a few videos, and
 * their shrunk interactions say "no different from the style's usual effect".
 */
function topicHookTable(topicHook: DimensionEffects, topicNames: ReadonlyMap<string, string>): PatternTable {
  const confident = topicHook.effects
    .filter((estimate) => estimate.confidence === 'medium' || estimate.confidence === 'high')
    .map((estimate) => {
      const { topic, hook } = topicHookPair(estimate.group);
      return { estimate, topic: topicNames.get(topic) ?? topic, hook };
    });
  const said = (pairs: typeof confident) =>
    pairs.map(({ topic, estimate }) => `${topic} (${formatEffect(estimate)})`).join(', ');
  const hooks = [...new Set(confident.map((pair) => pair.hook))];
  const sentences = hooks.map((hook) => {
    const works = confident.filter((pair) => pair.hook === hook && pair.estimate.effect > 0);
    const fails = confident.filter((pair) => pair.hook === hook && pair.estimate.effect < 0);
    if (works.length === 0) return `${hook} hooks do not work for ${said(fails)}.`;
    return `${hook} hooks work for ${said(works)}${fails.length ? ` but not for ${said(fails)}` : ''}.`;
  });
  return {
    heading: 'Hook style × topic (beyond each alone)',
    first: 'Pair',
    rows: confident.map(({ estimate, topic, hook }) => patternRow(`${hook} hooks on ${topic}`, estimate)),
    thin: [],
    text: sentences.length
      ? sentences.join(' ')
      : 'No hook style works clearly better or worse on some topics than its usual effect.',
  };
}

function replySection({ heading, first, rows, thin, text, summary }: PatternTable): ReplySection {
  const said = [summary, text].filter((line) => line !== undefined).join('\n');
  return {
    heading,
    ...(rows.length
      ? {
          table: {
            columns: [first, 'n', 'Effect on views [80%]', 'Confidence'],
            rows: rows.map((row) => [row.group, String(row.n), row.effect, row.confidence]),
            numeric: [1],
          },
        }
      : {}),
    ...(thin.length ? { list: thin } : {}),
    ...(said ? { text: said } : {}),
  };
}
