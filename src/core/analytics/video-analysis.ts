// The per-video answer: how a video did against its channel, in numbers, and the facts that stand out.
// Channel-wide scores share one index of histories and growth curves, read once for the whole channel.

import { formatRatio } from '../format/numbers.js';
import { median, sortedFinite } from '../stats/summary-statistics.js';
import {
  type AgeMatchedBaseline,
  type BaselineIndex,
  baselineFromIndex,
  baselineMedianFromIndex,
  indexForBaselines,
  UnknownVideoError,
} from './age-matched-baseline.js';
import type { AnalyticsVideo, ChannelData } from './analytics-video.js';
import { formatOf, hasFormat, VIDEO_FORMATS, type VideoFormat } from './growth-curve.js';
import { OUTLIER_SCORE_FORMULA, outlierScore } from './outlier-score.js';
import {
  channelRetentionMedians,
  type FormatRetentionMedians,
  HOOK_SECONDS,
  type RetentionDip,
  type RetentionKeyPoint,
  type RetentionSummary,
  retentionKeyPoints,
} from './retention-key-points.js';
import {
  engagementRate,
  type SuccessColumns,
  type SuccessPopulations,
  type SuccessScore,
  type SuccessValues,
  successScore,
  successScoresInto,
} from './success-score.js';
import { type ViewVelocity, viewVelocity } from './velocity.js';

export { UnknownVideoError };

export interface VideoScore {
  id: string;
  /** Age when its views were read. */
  ageDays: number;
  views: number;
  baselineMedian: number | null;
  baselineN: number;
  outlierScore: number | null;
  /** See SUCCESS_SCORE_FORMULA; `/analyze` shows its parts (analyzeVideo). */
  successScore: number | null;
}

/** A comparison stated with its figures; `value` and `reference` are in the metric's own unit. */
export interface Fact {
  text: string;
  metric: string;
  value: number;
  reference: number;
  /** Videos (or curve samples, for a dip) behind the reference. */
  n: number;
}

/** When a comparison is material enough to be called a strength or a weakness. */
export const FACT_THRESHOLDS = {
  /** Outlier score ≥ 1.5 is a strength, ≤ 1 / 1.5 a weakness. */
  outlierScore: 1.5,
  /** Engagement rate and CTR: at least 25 % above or below the channel median, relatively. */
  relativeDifference: 0.25,
  /** Average view %: at least 5 percentage points from the channel median. */
  avgViewPctPoints: 5,
  /** Retention key points and hook hold: at least 5 points of watch ratio (0.05) from the channel median. */
  retentionPoints: 0.05,
  /** No comparison with fewer than 5 other videos. */
  minReferenceN: 5,
} as const;

export interface VideoAnalysis {
  video: { id: string; title: string; ageDays: number | null; isShort: boolean | null; durationS: number | null };
  baseline: AgeMatchedBaseline;
  outlierScore: number | null;
  outlierFormula: string;
  success: SuccessScore;
  velocity: ViewVelocity;
  retention: {
    /** Null without a retention curve or a duration. */
    summary: RetentionSummary | null;
    /** Over the channel's other videos of the same format. */
    channelMedians: FormatRetentionMedians;
  };
  strengths: Fact[];
  weaknesses: Fact[];
}

interface ScoredChannel {
  index: BaselineIndex;
  scores: VideoScore[];
  columns: ScoredColumns;
  /** Filled per format on first use (see `populationsFor`): most channels have no video of unknown format. */
  populations: Partial<Record<VideoFormat, SuccessPopulations>>;
}

function successValuesOf(video: AnalyticsVideo, outlier: number | null): SuccessValues {
  return {
    'age-matched views': outlier,
    'engagement rate': engagementRate(video),
    'average view %': video.avgViewPct,
    CTR: video.ctr,
  };
}

/**
 * The scored videos' figures, one column per figure (NaN for null in the success values, which treat both alike):
 * 10,000 row objects kept alive through the whole pass cost more in garbage collection than the scoring itself.
 */
interface ScoredColumns {
  videos: AnalyticsVideo[];
  views: Float64Array;
  ageDays: Float64Array;
  medians: Float64Array;
  baselineNs: Int32Array;
  outliers: Float64Array;
  values: SuccessColumns;
}

const orNaN = (value: number | null) => (value === null ? Number.NaN : value);
const orNull = (value: number) => (Number.isNaN(value) ? null : value);

function populationsOf(columns: ScoredColumns, format: VideoFormat): SuccessPopulations {
  const inFormat: number[] = [];
  for (let row = 0; row < columns.videos.length; row++) {
    if (hasFormat(columns.videos[row] as AnalyticsVideo, format)) inFormat.push(row);
  }
  const part = (name: keyof SuccessValues) => {
    const column = columns.values[name];
    const values = new Float64Array(inFormat.length);
    for (let position = 0; position < inFormat.length; position++)
      values[position] = column[inFormat[position] as number] as number;
    return sortedFinite(values);
  };
  return {
    'age-matched views': part('age-matched views'),
    'engagement rate': part('engagement rate'),
    'average view %': part('average view %'),
    CTR: part('CTR'),
  };
}

function populationsFor(scored: ScoredChannel, format: VideoFormat): SuccessPopulations {
  let populations = scored.populations[format];
  if (populations === undefined) {
    populations = populationsOf(scored.columns, format);
    scored.populations[format] = populations;
  }
  return populations;
}

function scoreChannel(channel: ChannelData, now: Date): ScoredChannel {
  const index = indexForBaselines(channel.videos, now);
  const capacity = channel.videos.length;
  // The success values of `successValuesOf` as columns, the outlier score's shared with the figures.
  const outliers = new Float64Array(capacity);
  const engagementRates = new Float64Array(capacity);
  const avgViewPcts = new Float64Array(capacity);
  const ctrs = new Float64Array(capacity);
  const columns: ScoredColumns = {
    videos: [],
    views: new Float64Array(capacity),
    ageDays: new Float64Array(capacity),
    medians: new Float64Array(capacity),
    baselineNs: new Int32Array(capacity),
    outliers,
    values: {
      'age-matched views': outliers,
      'engagement rate': engagementRates,
      'average view %': avgViewPcts,
      CTR: ctrs,
    },
  };
  // The rows of each format, scored against that format's populations.
  const rowsOf: Record<VideoFormat, number[]> = { short: [], 'long-form': [], all: [] };
  for (let position = 0; position < capacity; position++) {
    const video = channel.videos[position] as AnalyticsVideo;
    const views = video.views;
    if (views === null || !Number.isFinite(views) || video.publishedAt === null) continue;
    const row = columns.videos.length;
    const format = formatOf(video);
    const baseline = baselineMedianFromIndex(index, video, now);
    const outlier = outlierScore(views, baseline.median);
    rowsOf[format].push(row);
    columns.videos.push(video);
    columns.views[row] = views;
    columns.ageDays[row] = baseline.ageDays as number;
    columns.medians[row] = orNaN(baseline.median);
    columns.baselineNs[row] = baseline.n;
    outliers[row] = orNaN(outlier);
    // Written straight to the columns: an object per video and a lookup by part name per value cost more.
    engagementRates[row] = orNaN(engagementRate(video));
    avgViewPcts[row] = orNaN(video.avgViewPct);
    ctrs[row] = orNaN(video.ctr);
  }
  // Percentiles within the format: Shorts and long-form differ in retention and engagement by nature.
  const scored: ScoredChannel = { index, scores: [], columns, populations: {} };
  const successes = new Float64Array(columns.videos.length);
  for (const format of VIDEO_FORMATS) {
    const rows = rowsOf[format];
    if (rows.length > 0) successScoresInto(columns.values, rows, populationsFor(scored, format), successes);
  }
  const { scores } = scored;
  for (let row = 0; row < columns.videos.length; row++) {
    const baselineN = columns.baselineNs[row] as number;
    scores.push({
      id: (columns.videos[row] as AnalyticsVideo).id,
      ageDays: columns.ageDays[row] as number,
      views: columns.views[row] as number,
      baselineMedian: baselineN === 0 ? null : (columns.medians[row] as number),
      baselineN,
      outlierScore: orNull(columns.outliers[row] as number),
      successScore: orNull(successes[row] as number),
    });
  }
  return scored;
}

/** Outlier and success scores of every video with views and a publish time, in the channel's order. */
export function channelVideoScores(channel: ChannelData, now: Date): VideoScore[] {
  return scoreChannel(channel, now).scores;
}

/** `channelVideoScores` and the baseline index they were read from, for a caller that needs its growth curves. */
export function channelVideoScoresAndIndex(
  channel: ChannelData,
  now: Date,
): { scores: VideoScore[]; index: BaselineIndex } {
  const { scores, index } = scoreChannel(channel, now);
  return { scores, index };
}

// ---------------------------------------------------------------------------------------------------------------
// Facts

type Verdict = 'strength' | 'weakness' | null;

interface JudgedFact {
  fact: Fact;
  verdict: Verdict;
}

function percent(value: number, decimals: number): string {
  return `${value.toFixed(decimals)}%`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function describeAge(ageDays: number): string {
  if (ageDays < 1) return plural(Math.round(ageDays * 24), 'hour');
  if (ageDays < 60) return plural(Math.round(ageDays), 'day');
  if (ageDays < 730) return plural(Math.round(ageDays / 30.44), 'month');
  return `${(ageDays / 365.25).toFixed(1)} years`;
}

const FORMAT_NOUNS: Record<VideoFormat, string> = { short: 'Shorts', 'long-form': 'long-form videos', all: 'videos' };

function outlierFact(baseline: AgeMatchedBaseline, score: number | null): JudgedFact | null {
  if (score === null || baseline.ageDays === null || baseline.n < FACT_THRESHOLDS.minReferenceN) return null;
  const threshold = FACT_THRESHOLDS.outlierScore;
  const peers = `last ${baseline.n} ${FORMAT_NOUNS[baseline.format]}`;
  return {
    fact: {
      text: `${formatRatio(score)} the median views of the ${peers} at ${describeAge(baseline.ageDays)} old`,
      metric: 'outlier-score',
      value: score,
      reference: 1,
      n: baseline.n,
    },
    verdict: score >= threshold ? 'strength' : score <= 1 / threshold ? 'weakness' : null,
  };
}

interface MedianComparison {
  metric: string;
  label: string;
  value: number | null;
  others: readonly (number | null)[];
  show: (value: number) => string;
  isMaterial: (value: number, reference: number) => boolean;
}

function compareWithMedian(comparison: MedianComparison): JudgedFact | null {
  const { metric, label, value, show, isMaterial } = comparison;
  const others = comparison.others.filter((other): other is number => other !== null && Number.isFinite(other));
  const reference = median(others);
  if (value === null || reference === null || others.length < FACT_THRESHOLDS.minReferenceN) return null;
  const material = value !== reference && isMaterial(value, reference);
  return {
    fact: {
      text: `${label} ${show(value)} vs channel median ${show(reference)}`,
      metric,
      value,
      reference,
      n: others.length,
    },
    verdict: material ? (value > reference ? 'strength' : 'weakness') : null,
  };
}

const relativelyDifferent = (value: number, reference: number) =>
  Math.abs(value - reference) >= FACT_THRESHOLDS.relativeDifference * Math.abs(reference);

function statFacts(video: AnalyticsVideo, others: readonly AnalyticsVideo[]): (JudgedFact | null)[] {
  return [
    compareWithMedian({
      metric: 'engagement-rate',
      label: 'engagement rate',
      value: engagementRate(video),
      others: others.map(engagementRate),
      show: (rate) => percent(rate * 100, 1),
      isMaterial: relativelyDifferent,
    }),
    compareWithMedian({
      metric: 'avg-view-pct',
      label: 'average % viewed',
      value: video.avgViewPct,
      others: others.map((other) => other.avgViewPct),
      show: (pct) => percent(pct, 0),
      isMaterial: (value, reference) => Math.abs(value - reference) >= FACT_THRESHOLDS.avgViewPctPoints,
    }),
    compareWithMedian({
      metric: 'ctr',
      label: 'CTR',
      value: video.ctr,
      others: others.map((other) => other.ctr),
      show: (pct) => percent(pct, 1),
      isMaterial: relativelyDifferent,
    }),
  ];
}

function keyPointFact(point: RetentionKeyPoint, channel: FormatRetentionMedians): JudgedFact | null {
  const reference = channel.keyPoints.find((candidate) => candidate.seconds === point.seconds);
  if (!reference || reference.median === null || reference.n < FACT_THRESHOLDS.minReferenceN) return null;
  const show = (ratio: number) => percent(ratio * 100, 0);
  const difference = point.watchRatio - reference.median;
  const isHook = point.seconds === HOOK_SECONDS;
  const label = `retention at ${point.seconds} s${isHook ? ' (hook hold)' : ''}`;
  return {
    fact: {
      text: `${label} ${show(point.watchRatio)} vs channel median ${show(reference.median)}`,
      metric: isHook ? 'hook-hold' : `retention-at-${point.seconds}s`,
      value: point.watchRatio,
      reference: reference.median,
      n: reference.n,
    },
    verdict: Math.abs(difference) < FACT_THRESHOLDS.retentionPoints ? null : difference > 0 ? 'strength' : 'weakness',
  };
}

function dipFact(dip: RetentionDip, samples: number): JudgedFact {
  const points = (ratio: number) => Math.round(ratio * 100);
  const stretch = `between ${dip.startS.toFixed(1)} s and ${dip.endS.toFixed(1)} s`;
  return {
    fact: {
      text: `retention falls ${points(dip.drop)} points ${stretch}, where it usually loses ${points(dip.typicalDrop)}`,
      metric: 'retention-dip',
      value: dip.drop,
      reference: dip.typicalDrop,
      n: samples,
    },
    // A dip is already a material drop (see MIN_DIP_DROP and DIP_SLOPE_FACTOR).
    verdict: 'weakness',
  };
}

/** The hook hold, the clearest later key point (they mostly repeat one another) and the dips. */
function retentionFacts(summary: RetentionSummary | null, channel: FormatRetentionMedians): (JudgedFact | null)[] {
  if (summary === null) return [];
  const hook = summary.keyPoints.find((point) => point.seconds === HOOK_SECONDS);
  const distance = (judged: JudgedFact) => Math.abs(judged.fact.value - judged.fact.reference);
  const clearestLater = summary.keyPoints
    .filter((point) => point.seconds > HOOK_SECONDS)
    .flatMap((point) => keyPointFact(point, channel) ?? [])
    .filter((judged) => judged.verdict !== null)
    .sort((a, b) => distance(b) - distance(a))[0];
  return [
    hook ? keyPointFact(hook, channel) : null,
    clearestLater ?? null,
    ...summary.dips.map((dip) => dipFact(dip, summary.samples)),
  ];
}

function factsWith(judged: readonly (JudgedFact | null)[], verdict: Verdict): Fact[] {
  return judged.flatMap((item) => (item !== null && item.verdict === verdict ? [item.fact] : []));
}

/** Everything TubePilot can say about one video, against its channel. Throws UnknownVideoError for a bad id. */
export function analyzeVideo(channel: ChannelData, videoId: string, now: Date): VideoAnalysis {
  const video = channel.videos.find((candidate) => candidate.id === videoId);
  if (!video) throw new UnknownVideoError(videoId);
  const format = formatOf(video);
  const scored = scoreChannel(channel, now);
  const baseline = baselineFromIndex(scored.index, video, now);
  const outlier = video.views === null ? null : outlierScore(video.views, baseline.median);
  const others = channel.videos.filter((other) => other.id !== video.id && hasFormat(other, format));
  const summary = retentionKeyPoints(video.retention, video.durationS);
  const channelMedians = channelRetentionMedians(others)[format];
  const judged = [
    outlierFact(baseline, outlier),
    ...statFacts(video, others),
    ...retentionFacts(summary, channelMedians),
  ];
  return {
    video: {
      id: video.id,
      title: video.title,
      ageDays: baseline.ageDays,
      isShort: video.isShort,
      durationS: video.durationS,
    },
    baseline,
    outlierScore: outlier,
    outlierFormula: OUTLIER_SCORE_FORMULA,
    success: successScore(successValuesOf(video, outlier), populationsFor(scored, format)),
    velocity: viewVelocity(video),
    retention: { summary, channelMedians },
    strengths: factsWith(judged, 'strength'),
    weaknesses: factsWith(judged, 'weakness'),
  };
}
