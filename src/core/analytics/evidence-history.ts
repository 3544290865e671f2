// How a video's place in the channel's history enters the effect model: how much its evidence still weighs
// (recent videos more) and how often its topic had just been made (repetition fatigue).
//
// Evidence decay. Audiences, the platform and the team's craft change; a topic that worked 200 videos ago may not
// work now. Each video's evidence is a precision weight d = 2^(−k/H), k the number of the channel's videos
// published after it, H the half-life in videos (EVIDENCE_HALF_LIFE_VIDEOS, default 100). Counted in videos, not
// days: a daily channel and a weekly one forget the same number of decisions. In the model the video's noise
// variance becomes σ²/d (a discounted likelihood, as in a dynamic linear model with discount factor 2^(−1/H)), so:
// - every video still counts, old ones less, and a choice whose effect flipped is read at its recent value;
// - the posterior precision is Σd/σ² ≤ n/σ²: weighting never narrows an interval, it widens it to what the recent
//   evidence supports (about H/ln 2 ≈ 144 videos' worth at most), and old, untried-since choices regain the
//   uncertainty that makes the bandit retry them;
// - the 'high' confidence threshold counts Kish's effective videos (Σd)²/Σd², never more than the videos there are.
// Under a world that does not change, the weighted estimate is unbiased and the intervals are conservative:
// the sampling variance of a weighted mean, σ²Σd²/(Σd)², is below the σ²/Σd the model reports.
//
// Repetition fatigue. Viewers who just saw three videos on a topic click a fourth less. Each video's covariate
// is the decayed count of the same topic among the FATIGUE_WINDOW videos before it (previous video 1, the one
// before ½, then ¼…), learned by the effect model like the trend; the plan charges a topic the same term for the
// channel's actual last videos.

import type { Config } from '../config.js';
import type { AnalyticsVideo } from './analytics-video.js';

/**
 * Default half-life of evidence, in videos: the config key EVIDENCE_HALF_LIFE_VIDEOS. Chosen on the closed-loop
 * world family (docs/benchmarks.md, 20 paired seeds): 100 kept the win where the audience drifts (garden +139 %
 * over static, as at 25) and the lead where it does not (kitchen +17 %, montagne +19 %; at 25: +3 %, −7 %).
 */
export const DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS = 100;
/** Videos before a video whose topic counts as repetition: beyond five, ½⁵ is too small to matter. */
export const FATIGUE_WINDOW = 5;

export interface LearningSettings {
  /** Half-life of a video's evidence, in videos published after it; 0: never forget (every video weighs 1). */
  evidenceHalfLifeVideos: number;
}

export const DEFAULT_LEARNING_SETTINGS: LearningSettings = {
  evidenceHalfLifeVideos: DEFAULT_EVIDENCE_HALF_LIFE_VIDEOS,
};

/** The settings from the configuration: every analysis of a running bot reads these, so a fact has one number. */
export function learningSettings(config: Pick<Config, 'EVIDENCE_HALF_LIFE_VIDEOS'>): LearningSettings {
  return { evidenceHalfLifeVideos: config.EVIDENCE_HALF_LIFE_VIDEOS };
}

function publishedMs(video: AnalyticsVideo): number {
  return video.publishedAt?.getTime() ?? Number.NaN;
}

/**
 * The positions in `videos` of the channel's dated videos, oldest first (ties by id): the order the channel made
 * its decisions in. Publish times are read once into an array, not twice per comparison.
 */
export function positionsInOrder(videos: readonly AnalyticsVideo[]): number[] {
  const times = new Float64Array(videos.length);
  const positions: number[] = [];
  for (let position = 0; position < videos.length; position++) {
    times[position] = publishedMs(videos[position] as AnalyticsVideo);
    if (Number.isFinite(times[position])) positions.push(position);
  }
  return positions.sort((a, b) => {
    const idA = (videos[a] as AnalyticsVideo).id;
    const idB = (videos[b] as AnalyticsVideo).id;
    return (times[a] as number) - (times[b] as number) || (idA < idB ? -1 : idA > idB ? 1 : 0);
  });
}

/** The channel's dated videos, oldest first (ties by id): the order the channel made its decisions in. */
export function videosInOrder(videos: readonly AnalyticsVideo[]): AnalyticsVideo[] {
  return positionsInOrder(videos).map((position) => videos[position] as AnalyticsVideo);
}

/**
 * The precision weight 2^(−k/H) (see the file comment) of each of `ordered`'s videos, in that order, and the
 * weight of a video without a publish date: the channel's middle video's. Videos published at the same instant
 * share a weight.
 */
export function orderedEvidenceWeights(
  ordered: readonly AnalyticsVideo[],
  halfLifeVideos: number,
): { weights: Float64Array; undated: number } {
  const decay = (newer: number) => (halfLifeVideos > 0 ? 2 ** (-newer / halfLifeVideos) : 1);
  const weights = new Float64Array(ordered.length);
  let newer = 0;
  for (let i = ordered.length - 1; i >= 0; ) {
    const at = publishedMs(ordered[i] as AnalyticsVideo);
    let j = i;
    while (j >= 0 && publishedMs(ordered[j] as AnalyticsVideo) === at) weights[j--] = decay(newer);
    newer += i - j;
    i = j;
  }
  return { weights, undated: decay(Math.floor(ordered.length / 2)) };
}

/** Σ_{j=1…FATIGUE_WINDOW} ½^(j−1)·[topics[at − j] = topic]: the repetition a video on `topic` at `at` follows. */
export function repetition(topics: readonly (string | null)[], at: number, topic: string | null): number {
  if (topic === null) return 0;
  let sum = 0;
  for (let j = 1; j <= FATIGUE_WINDOW && at - j >= 0; j++) if (topics[at - j] === topic) sum += 0.5 ** (j - 1);
  return sum;
}
