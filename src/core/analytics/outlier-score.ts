// How many times its usual views a video has, for its age and format. Users see the formula next to the number.

export const OUTLIER_SCORE_FORMULA =
  "views ÷ median views of the channel's last 30 videos of the same format at the same age";

/** views ÷ baseline median; null when either is unknown or the median is 0 (nothing to compare with). */
export function outlierScore(views: number | null, baselineMedian: number | null): number | null {
  if (views === null || baselineMedian === null || !Number.isFinite(views) || !Number.isFinite(baselineMedian)) {
    return null;
  }
  return baselineMedian > 0 ? views / baselineMedian : null;
}
