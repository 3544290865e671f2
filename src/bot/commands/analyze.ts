import { scriptBeatsByVideo } from '../../core/ai/script-beats.js';
import { type VideoWords, writeVideoWords } from '../../core/ai/video-words.js';
import type { Written } from '../../core/ai/writer.js';
import { ageInDays, figuresTime } from '../../core/analytics/analytics-video.js';
import { loadChannelData } from '../../core/analytics/load-channel-data.js';
import { OUTLIER_SCORE_FORMULA } from '../../core/analytics/outlier-score.js';
import { type RetentionByBeat, retentionByBeat } from '../../core/analytics/retention-beats.js';
import { SUCCESS_SCORE_FORMULA } from '../../core/analytics/success-score.js';
import { analyzeVideo, FACT_THRESHOLDS, type VideoAnalysis } from '../../core/analytics/video-analysis.js';
import { resolveChannel } from '../../core/channels/channel-directory.js';
import { formatAge, readAgeNote } from '../../core/format/age.js';
import { asOfField } from '../../core/format/as-of.js';
import { channelLabels } from '../../core/format/channel-labels.js';
import { formatCount, formatFraction, formatRatio } from '../../core/format/numbers.js';
import { truncateToWidth } from '../../core/format/text-width.js';
import type { Reply, ReplySection } from '../../core/reply.js';
import { findVideo } from '../../core/videos/find-video.js';
import { defineCommand, option } from './command.js';

export const analyzeCommand = defineCommand({
  name: 'analyze',
  description: 'One video against its channel: outlier and success scores, velocity, retention, strengths',
  options: {
    video: option.string('Video id or words from its title (default: the newest video)'),
    channel: option.channel(),
  },
  positional: 'video',
  scope: 'chat',
  discussable: true,
  examples: ['/analyze', '/analyze video:dQw4w9WgXcQ', '/analyze "egg trick"'],
  async run(ctx, { video: query, channel: name }): Promise<Reply> {
    const channel = await resolveChannel(ctx.db, ctx.team.id, name);
    const data = await loadChannelData(ctx.db, channel.id);
    const video = findVideo(data.videos, query);
    const asOf = figuresTime(data);
    const analysis = analyzeVideo(data, video.id, asOf);
    const summary = summaryOf(analysis);
    const beats = (await scriptBeatsByVideo(ctx.db, channel.id, video.id)).get(video.id);
    const byBeat = beats
      ? retentionByBeat(video.retention, video.durationS, beats, analysis.retention.summary?.dips ?? [])
      : null;
    const fields = [
      asOfField(data, ctx.now()),
      {
        label: 'Video',
        value: `${video.id} · ${formatFormat(analysis)} · ${formatAges(ageInDays(video, asOf), analysis)}`,
      },
      { label: 'Views', value: formatCount(video.views) },
      {
        label: 'Outlier score',
        value:
          analysis.outlierScore === null
            ? `— (${analysis.baseline.n} comparable videos)`
            : `${formatRatio(analysis.outlierScore)} (views ÷ median ${formatCount(analysis.baseline.median)} of ${analysis.baseline.n} videos at the same age)`,
      },
      {
        label: 'Success score',
        value: analysis.success.score === null ? '—' : `${Math.round(analysis.success.score)}/100`,
      },
      { label: 'Velocity', value: formatVelocity(analysis) },
      { label: 'Hook hold (3 s)', value: formatHookHold(analysis) },
    ];
    const words = await writeVideoWords(ctx, channel.id, {
      title: video.title,
      summary,
      figures: fields,
      strengths: analysis.strengths.map((fact) => fact.text),
      weaknesses: analysis.weaknesses.map((fact) => fact.text),
    });
    return {
      kind: 'result',
      title: `Analysis: ${video.title}`,
      summary,
      labels: [...channelLabels(channel.source), words.label],
      fields,
      sections: [
        factsSection(
          'Strengths',
          analysis.strengths.map((fact) => fact.text),
        ),
        factsSection(
          'Weaknesses',
          analysis.weaknesses.map((fact) => fact.text),
        ),
        successSection(analysis),
        ...retentionSection(analysis),
        ...(byBeat ? [beatsSection(byBeat)] : []),
        {
          heading: 'How these are computed',
          list: [
            `Outlier score: ${OUTLIER_SCORE_FORMULA}. Comparison videos: ${baselineMethod(analysis)}.`,
            `Success score: ${SUCCESS_SCORE_FORMULA}`,
          ],
        },
        ...wordsSections(
          words,
          [...analysis.strengths, ...analysis.weaknesses].map((fact) => fact.text),
        ),
      ],
      followUps: [
        { label: 'Channel patterns', command: '/trends' },
        { label: 'Predict its views', command: `/predict video:${video.id}` },
      ],
      channel: { id: channel.id, name: channel.name },
      data: { channel: channel.name, analysis, words: words.value, writer: words.writer },
    };
  },
});

/**
 * The writer's words, after the figures they come from, without the lines that only restate a strength or
 * weakness the reply already lists (the offline writer does; a model may too): each fact is said once.
 */
function wordsSections(words: Written<VideoWords>, facts: string[]): ReplySection[] {
  const said = facts.map(comparable).filter((fact) => fact.length > 0);
  const fresh = (line: string) => !said.some((fact) => comparable(line).includes(fact));
  const { key_insights, strengths, weaknesses } = words.value;
  const insights = key_insights.filter(fresh);
  const plain = [...strengths.filter(fresh).map((s) => `+ ${s}`), ...weaknesses.filter(fresh).map((w) => `− ${w}`)];
  return [
    ...(insights.length > 0 || words.note
      ? [{ heading: 'Key insights', list: insights, ...(words.note ? { text: words.note } : {}) }]
      : []),
    ...(plain.length > 0 ? [{ heading: 'In plain words', list: plain }] : []),
  ];
}

/** Lower case, letters, digits and % between single spaces: "Weakest point: X." then contains "x". */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}%]+/gu, ' ')
    .trim();
}

function summaryOf(analysis: VideoAnalysis): string {
  const score = analysis.outlierScore;
  if (score === null) return 'Not enough comparable videos yet to say how this one is doing.';
  // The bar strengths and weaknesses use: a median of one or two earlier videos is no "typical" one.
  const { n } = analysis.baseline;
  const needed = FACT_THRESHOLDS.minReferenceN;
  if (n < needed) {
    const videos = `${n} earlier ${formatFormat(analysis)}${n === 1 ? '' : 's'}`;
    return `${formatRatio(score)} the median views of ${videos} at the same age: too few to compare with yet (${needed} needed).`;
  }
  return `${formatRatio(score)} the views of a typical ${formatFormat(analysis)} of this channel at the same age.`;
}

function formatFormat(analysis: VideoAnalysis): string {
  return analysis.video.isShort === null ? 'video' : analysis.video.isShort ? 'Short' : 'long-form video';
}

function formatVelocity(analysis: VideoAnalysis): string {
  const velocity = analysis.velocity;
  if (velocity.viewsPerHour === null) return 'unknown (needs two view readings)';
  return `${formatCount(velocity.viewsPerHour)} views/hour (${formatCount(velocity.viewsGained)} views over the last ${formatAge(velocity.hours / 24)})`;
}

/** The video's age at the channel's latest reading, and the age its own figures were read at if that differs. */
function formatAges(ageDays: number | null, analysis: VideoAnalysis): string {
  const note = readAgeNote(ageDays, analysis.video.ageDays);
  return `${formatAge(ageDays)} old${note === null ? '' : ` (figures ${note})`}`;
}

function formatHookHold(analysis: VideoAnalysis): string {
  const hold = analysis.retention.summary?.hookHold ?? null;
  if (hold === null) return 'unknown (no retention curve)';
  const median = analysis.retention.channelMedians.hookHold;
  return `${formatFraction(hold, 0)} still watching (channel median ${formatFraction(median.median, 0)}, n=${median.n})`;
}

function baselineMethod(analysis: VideoAnalysis): string {
  const { baseline } = analysis;
  const sources = {
    snapshots: 'views at that age read from their snapshots',
    'growth-curve': 'views at that age estimated along the channel growth curve',
    mixed: 'views at that age from snapshots where available, else from the growth curve',
    none: 'none yet',
  } as const;
  return `${baseline.n} ${baseline.format === 'all' ? '' : `${baseline.format} `}videos, ${sources[baseline.method]}`;
}

function factsSection(heading: string, facts: string[]): ReplySection {
  return { heading, list: facts.length ? facts : ['none that stand out from the channel median'] };
}

function successSection(analysis: VideoAnalysis): ReplySection {
  return {
    heading: 'Success score parts',
    table: {
      columns: ['Part', 'Value', 'Percentile in channel', 'Weight'],
      rows: analysis.success.parts.map((part) => [
        part.name,
        part.value === null ? '—' : formatPartValue(part.name, part.value),
        part.percentile === null ? '—' : `${Math.round(part.percentile)} (of ${part.n})`,
        part.weight === 0 ? 'not counted' : formatFraction(part.weight, 0),
      ]),
      numeric: [1, 2, 3],
    },
  };
}

function formatPartValue(name: string, value: number): string {
  if (name === 'age-matched views') return formatRatio(value);
  if (name === 'engagement rate') return formatFraction(value, 2);
  return `${value.toFixed(1)}%`;
}

/** A stretch of the video in whole seconds, as the retention sections show it. */
const timeRange = (startS: number, endS: number) => `${startS.toFixed(0)}–${endS.toFixed(0)} s`;

function retentionSection(analysis: VideoAnalysis): ReplySection[] {
  const summary = analysis.retention.summary;
  if (!summary) return [];
  const medians = new Map(analysis.retention.channelMedians.keyPoints.map((point) => [point.seconds, point]));
  return [
    {
      heading: 'Retention',
      text: summary.dips.length
        ? `Biggest drops: ${summary.dips.map((dip) => `${timeRange(dip.startS, dip.endS)} (−${formatFraction(dip.drop, 0)})`).join(', ')}.`
        : 'No sharp drop beyond the curve’s usual decline.',
      table: {
        columns: ['At', 'This video', 'Channel median'],
        rows: summary.keyPoints.map((point) => [
          `${point.seconds} s`,
          formatFraction(point.watchRatio, 0),
          `${formatFraction(medians.get(point.seconds)?.median ?? null, 0)} (n=${medians.get(point.seconds)?.n ?? 0})`,
        ]),
        numeric: [1, 2],
      },
    },
  ];
}

/** Columns of a beat's voice-over line in the by-beat section: the line is a reminder, not the script. */
const VOICEOVER_WIDTH = 60;

/** A scripted video's dips by the beat they fall in (retention-beats.ts), with what each such beat loses. */
function beatsSection(byBeat: RetentionByBeat): ReplySection {
  const lines = byBeat.beats
    .filter((beat) => beat.dips.length > 0)
    .map(
      (beat) =>
        `Beat ${beat.index + 1} (${beat.kind}), ${timeRange(beat.startS, beat.endS)}: “${truncateToWidth(beat.voiceover, VOICEOVER_WIDTH)}” — ${formatFraction(beat.lost, 0)} of viewers lost`,
    );
  const outside = byBeat.outside.map(
    (dip) =>
      `Outside the script’s beats, ${timeRange(dip.startS, dip.endS)}: ${formatFraction(dip.drop, 0)} of viewers lost`,
  );
  const listed = [...lines, ...outside];
  const { overall } = byBeat;
  return {
    heading: 'Where viewers left, by beat',
    text: `${formatFraction(overall.lost, 0)} of viewers lost over the script’s ${timeRange(overall.startS, overall.endS)}${listed.length === 0 ? ', with no sharp drop in any beat' : ''}.`,
    ...(listed.length > 0 ? { list: listed } : {}),
  };
}
