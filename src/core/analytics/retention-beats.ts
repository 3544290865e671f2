// Retention read along a script: which beat each dip of a scripted video's curve falls in, how many viewers each
// beat loses, and, across the channel's scripted videos, which kinds of beat lose most: the pacing the next
// scripts are written to.

import type { AnalyticsVideo, RetentionCurve } from './analytics-video.js';
import { insufficientMessage, MIN_GROUP_VIDEOS } from './effect-model.js';
import { type RetentionDip, retentionKeyPoints, usableCurve } from './retention-key-points.js';

/**
 * What a beat does, from its position alone (the writer's schema asks for consecutive beats opening on the hook
 * and ending on the call to action, without naming them): the first beat is the hook; with four beats or more the
 * last is the call to action and the one before it the payoff; with three the last is the payoff (the call to
 * action is spoken in it); every other beat sets up.
 */
export const BEAT_KINDS = ['hook', 'setup', 'payoff', 'cta'] as const;
export type BeatKind = (typeof BEAT_KINDS)[number];

export function beatKind(index: number, count: number): BeatKind {
  if (index === 0) return 'hook';
  const hasCta = count >= 4;
  if (hasCta && index === count - 1) return 'cta';
  if (index === count - (hasCta ? 2 : 1)) return 'payoff';
  return 'setup';
}

export interface ScriptBeat {
  startS: number;
  endS: number;
  voiceover: string;
}

export interface BeatRetention {
  /** 0-based position in the script. */
  index: number;
  kind: BeatKind;
  startS: number;
  endS: number;
  voiceover: string;
  /** Share of the video's viewers lost from the beat's start to its end (watch ratio); negative where rewatches lift it. */
  lost: number;
  /** The dips whose middle falls in this beat. */
  dips: RetentionDip[];
}

export interface RetentionByBeat {
  beats: BeatRetention[];
  /** Dips whose middle falls in no beat: in a gap between beats or after the script's end. */
  outside: RetentionDip[];
  /** The whole drop over the beats' span, from the first beat's start to the last beat's end. */
  overall: { startS: number; endS: number; lost: number };
}

/** Watch ratio at `seconds`: linear between samples, the nearest sample's value before the first or after the last. */
function watchRatioAt(curve: RetentionCurve, durationS: number, seconds: number): number {
  const { ratios, watchRatios } = curve;
  const count = ratios.length;
  if (seconds <= (ratios[0] as number) * durationS) return watchRatios[0] as number;
  if (seconds >= (ratios[count - 1] as number) * durationS) return watchRatios[count - 1] as number;
  let after = 1;
  while ((ratios[after] as number) * durationS < seconds) after++;
  const beforeS = (ratios[after - 1] as number) * durationS;
  const afterS = (ratios[after] as number) * durationS;
  const before = watchRatios[after - 1] as number;
  return before + (((watchRatios[after] as number) - before) * (seconds - beforeS)) / (afterS - beforeS);
}

/** A dip belongs to the beat holding its middle: a dip straddling two beats is counted once, where most of it lies. */
function holds(beat: ScriptBeat, seconds: number, last: boolean): boolean {
  return seconds >= beat.startS && (seconds < beat.endS || (last && seconds === beat.endS));
}

/**
 * The curve's dips (from retentionKeyPoints) and losses along the script's beats (in script order); null without a
 * usable curve, a known duration or beats.
 */
export function retentionByBeat(
  retention: RetentionCurve,
  durationS: number | null,
  beats: readonly ScriptBeat[],
  dips: readonly RetentionDip[],
): RetentionByBeat | null {
  if (durationS === null || !(durationS > 0) || beats.length === 0) return null;
  const curve = usableCurve(retention);
  if (curve.ratios.length === 0) return null;
  const at = (seconds: number) => watchRatioAt(curve, durationS, seconds);
  const mapped = beats.map((beat, index) => ({
    index,
    kind: beatKind(index, beats.length),
    startS: beat.startS,
    endS: beat.endS,
    voiceover: beat.voiceover,
    lost: at(beat.startS) - at(beat.endS),
    dips: [] as RetentionDip[],
  }));
  const outside: RetentionDip[] = [];
  for (const dip of dips) {
    const middle = (dip.startS + dip.endS) / 2;
    const beat = mapped.find((candidate, index) => holds(candidate, middle, index === mapped.length - 1));
    (beat ? beat.dips : outside).push(dip);
  }
  const startS = (beats[0] as ScriptBeat).startS;
  const endS = (beats.at(-1) as ScriptBeat).endS;
  return { beats: mapped, outside, overall: { startS, endS, lost: at(startS) - at(endS) } };
}

export type BeatKindLoss =
  | { kind: BeatKind; n: number; meanLost: number }
  | { kind: BeatKind; n: number; insufficient: string };

/**
 * Per beat kind, the mean share of viewers the channel's scripted videos lose in beats of that kind (a video's
 * beats of one kind counted together, so n counts videos); "not enough data yet" below MIN_GROUP_VIDEOS. Kinds
 * no video has are left out. Largest loss first, then the kinds without enough data.
 */
export function beatKindLosses(videos: readonly RetentionByBeat[]): BeatKindLoss[] {
  const perKind = new Map<BeatKind, number[]>();
  for (const video of videos) {
    const lostByKind = new Map<BeatKind, number>();
    for (const beat of video.beats) lostByKind.set(beat.kind, (lostByKind.get(beat.kind) ?? 0) + beat.lost);
    for (const [kind, lost] of lostByKind) perKind.set(kind, [...(perKind.get(kind) ?? []), lost]);
  }
  const losses = BEAT_KINDS.flatMap((kind): BeatKindLoss[] => {
    const values = perKind.get(kind);
    if (!values) return [];
    const n = values.length;
    return n < MIN_GROUP_VIDEOS
      ? [{ kind, n, insufficient: insufficientMessage(n) }]
      : [{ kind, n, meanLost: values.reduce((sum, value) => sum + value, 0) / n }];
  });
  // Kinds without enough data rank below every measured one, in BEAT_KINDS order (the sort is stable).
  const rank = (loss: BeatKindLoss) => ('meanLost' in loss ? loss.meanLost : Number.NEGATIVE_INFINITY);
  return losses.sort((a, b) => (rank(a) === rank(b) ? 0 : rank(b) - rank(a)));
}

/** Retention along the beats of each video made from a script (YouTube id → its script's beats) that has a curve. */
export function scriptedRetention(
  videos: readonly AnalyticsVideo[],
  beatsByVideo: ReadonlyMap<string, readonly ScriptBeat[]>,
): RetentionByBeat[] {
  return videos.flatMap((video) => {
    const beats = beatsByVideo.get(video.id);
    const summary = beats ? retentionKeyPoints(video.retention, video.durationS) : null;
    const mapped = beats && summary ? retentionByBeat(video.retention, video.durationS, beats, summary.dips) : null;
    return mapped ? [mapped] : [];
  });
}
