// The yardstick the learning loop compares choices on: each video's views carried along the channel's own
// growth curve to one reference age, in ln units.
//
// Why not the outlier score (views ÷ the last 30 videos at the same age), as /trends uses? Its bar moves with
// the channel: once the bot's advice works, the recent videos it is measured against are better, so the
// choices it exploits look worse than the ones tried before it learned, and it keeps wandering away from what
// works. A fixed reference age keeps every video on the same scale whenever it was made.

import { type AnalyticsVideo, ageInDays } from '../analytics/analytics-video.js';
import {
  fitGrowthCurve,
  formatOf,
  type GrowthCurve,
  projectViews,
  type VideoFormat,
} from '../analytics/growth-curve.js';

/** A Short has most of the views it will get by a month. */
export const REFERENCE_AGE_DAYS = 30;

/** ln of each video's views projected to REFERENCE_AGE_DAYS; videos without views or an age are left out. */
export function projectedLogViews(videos: readonly AnalyticsVideo[], now: Date): Map<string, number> {
  const curves = new Map<VideoFormat, GrowthCurve>();
  const curveFor = (format: VideoFormat) => {
    let curve = curves.get(format);
    if (!curve) {
      curve = fitGrowthCurve(videos, format);
      curves.set(format, curve);
    }
    return curve;
  };
  const values = new Map<string, number>();
  for (const video of videos) {
    const age = ageInDays(video, video.statsAt ?? now);
    if (video.views === null || !(video.views > 0) || age === null || !(age > 0)) continue;
    const projected = projectViews(curveFor(formatOf(video)), video.views, age, REFERENCE_AGE_DAYS);
    if (projected !== null && projected > 0) values.set(video.id, Math.log(projected));
  }
  return values;
}
