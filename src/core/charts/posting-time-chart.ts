import type { AnalyticsVideo } from '../analytics/analytics-video.js';
import type { VideoScore } from '../analytics/video-analysis.js';
import { postingSlot, type Weekday } from '../analytics/video-features.js';
import { formatRatio } from '../format/numbers.js';
import { median } from '../stats/summary-statistics.js';
import { baseOptions, CHART_SIZE, type ChartSpec } from './chart-spec.js';

const WEEKDAYS: readonly Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0'));

export interface PostingCell {
  weekday: Weekday;
  /** Local hour in the channel's timezone. */
  hour: number;
  n: number;
  /** Median outlier score of the videos posted in this slot. */
  medianOutlier: number;
}

/** Videos with an outlier score grouped by local weekday × hour of posting. */
export function postingCells(
  videos: readonly Pick<AnalyticsVideo, 'id' | 'publishedAt'>[],
  scores: readonly VideoScore[],
  timezone: string,
): PostingCell[] {
  const outlier = new Map(scores.map((score) => [score.id, score.outlierScore]));
  const groups = new Map<string, { weekday: Weekday; hour: number; values: number[] }>();
  for (const video of videos) {
    const score = outlier.get(video.id);
    const slot = postingSlot(video.publishedAt, timezone);
    if (score === null || score === undefined || slot === null) continue;
    const key = `${slot.weekday} ${slot.hour}`;
    const group = groups.get(key) ?? { weekday: slot.weekday, hour: slot.hour, values: [] };
    group.values.push(score);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ weekday, hour, values }) => ({ weekday, hour, n: values.length, medianOutlier: median(values) as number }))
    .sort((a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.hour - b.hour);
}

/** Green above the channel's usual (outlier > 1), red below; stronger colour for a larger ratio. */
function cellColor(medianOutlier: number): string {
  const strength = Math.min(1, Math.abs(Math.log2(medianOutlier)) / 1.5);
  const alpha = (0.25 + 0.65 * strength).toFixed(2);
  return medianOutlier >= 1 ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
}

/**
 * A weekday × hour heatmap drawn as bubbles (Chart.js has no heatmap): one bubble per slot used, its size
 * the number of videos, its colour how they did against the channel's usual at their age. Null when no
 * video has both a publish time and an outlier score.
 */
export function postingTimeChart(input: { cells: PostingCell[]; timezone: string }): ChartSpec | null {
  const { cells } = input;
  if (cells.length === 0) return null;
  const maxN = Math.max(...cells.map((cell) => cell.n));
  const best = [...cells].filter((cell) => cell.n >= 2).sort((a, b) => b.medianOutlier - a.medianOutlier)[0];
  const total = cells.reduce((sum, cell) => sum + cell.n, 0);
  const alt =
    `Posting times (${input.timezone}) of ${total} videos in ${cells.length} weekday × hour slots` +
    (best
      ? `; best slot with at least 2 videos: ${best.weekday} ${HOURS[best.hour]}:00, median ${formatRatio(best.medianOutlier)} the usual views (n=${best.n}).`
      : '.');
  return {
    name: 'posting-times.png',
    alt,
    ...CHART_SIZE,
    config: {
      type: 'bubble',
      data: {
        datasets: [
          {
            label: 'Videos posted (size) · median outlier score (green above 1×, red below)',
            // Category scales take the label itself; Chart.js's types only know numeric bubble coordinates.
            data: cells.map((cell) => ({
              x: HOURS[cell.hour],
              y: cell.weekday,
              r: 4 + 14 * Math.sqrt(cell.n / maxN),
            })) as unknown as { x: number; y: number; r: number }[],
            backgroundColor: cells.map((cell) => cellColor(cell.medianOutlier)),
            borderColor: 'rgba(55, 65, 81, 0.6)',
            borderWidth: 1,
          },
        ],
      },
      options: {
        ...baseOptions(`When videos go out (${input.timezone}) and how they do`),
        scales: {
          x: { type: 'category', labels: HOURS, offset: true, title: { display: true, text: 'Hour of day' } },
          y: { type: 'category', labels: [...WEEKDAYS], offset: true, title: { display: true, text: 'Weekday' } },
        },
      },
    },
  };
}
