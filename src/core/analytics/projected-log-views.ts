// THE response of the channel effect model (effect-model.ts), computed here and nowhere else: each video's views
// carried along the channel's own growth curve to one reference age, in ln units. The model adds an intercept per
// format (a Short and a long video are not on one scale) and a linear trend over publish time (a growing channel
// lifts every later video) as covariates, so effects are compared at the same age, within format, net of growth.
//
// Why not ln(outlier score) (views ÷ the median of the last 30 videos at the same age)? Its bar moves with the
// channel: once the advice works, the recent videos a new one is measured against are better, so the choices that
// made them look worse than the ones tried before, and a bandit fed that keeps wandering away from what works
// (the "moving yardstick"). A fixed reference age keeps every video on one scale whenever it was made; the trend
// term does what the rolling baseline did for growth, fitted jointly with the choices so that growth the choices
// explain is credited to them. The outlier score stays what users see for a single video (/analyze, rankings).

import { type AnalyticsVideo, ageInDays } from './analytics-video.js';
import { fitGrowthCurve, formatOf, type GrowthCurve, projectViews, type VideoFormat } from './growth-curve.js';

/** A Short has most of the views it will get by a month. */
export const REFERENCE_AGE_DAYS = 30;
/** A video's first day says too little about its month to be projected. */
export const MIN_PROJECTION_AGE_DAYS = 1;

/**
 * ln of each video's views projected to REFERENCE_AGE_DAYS; videos without views or a day of age are left out.
 * `fitted`: curves the caller already has that `fitGrowthCurve(videos, format)` would give; the others are fitted.
 */
export function projectedLogViews(
  videos: readonly AnalyticsVideo[],
  now: Date,
  fitted: Partial<Record<VideoFormat, GrowthCurve>> = {},
): Map<string, number> {
  const curves = new Map<VideoFormat, GrowthCurve>();
  const curveFor = (format: VideoFormat) => {
    let curve = curves.get(format) ?? fitted[format];
    if (!curve) {
      curve = fitGrowthCurve(videos, format);
      curves.set(format, curve);
    }
    return curve;
  };
  const values = new Map<string, number>();
  for (let position = 0; position < videos.length; position++) {
    const video = videos[position] as AnalyticsVideo;
    const age = ageInDays(video, video.statsAt ?? now);
    if (video.views === null || !(video.views > 0) || age === null || !(age >= MIN_PROJECTION_AGE_DAYS)) continue;
    const projected = projectViews(curveFor(formatOf(video)), video.views, age, REFERENCE_AGE_DAYS);
    if (projected !== null && projected > 0) values.set(video.id, Math.log(projected));
  }
  return values;
}
