import { formatCount } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

export interface ViewsChartInput {
  videoTitle: string;
  /** The video's cumulative views by age so far, oldest first. */
  history: { ageDays: number; views: number }[];
  /** Predicted views at later ages, with 80 % intervals, earliest first. */
  forecast: { ageDays: number; predicted: number; low: number; high: number }[];
}

/**
 * The latest video's views over its age so far (every reading a visible dot), then the predicted views with
 * the 80 % interval as one shaded band that opens from the last reading. Age is on a log scale, so the first
 * days' readings are not squeezed against the axis by a 90-day forecast. Null without a history to draw.
 */
export function viewsChart(input: ViewsChartInput): ChartSpec | null {
  // A log axis has no day 0; the first reading after publication is where the curve starts.
  const history = input.history.filter((point) => point.ageDays > 0);
  const last = history.at(-1);
  if (!last) return null;
  const round = (value: number) => Math.round(value);
  const start = { x: last.ageDays, y: round(last.views) };
  const edge = (pick: 'low' | 'high') => input.forecast.map((f) => ({ x: f.ageDays, y: round(f[pick]) }));
  const final = input.forecast.at(-1);
  const alt =
    `Views of "${input.videoTitle}" by age: ${formatCount(last.views)} at day ${last.ageDays.toFixed(1)}` +
    (final
      ? `; predicted ${formatCount(final.predicted)} by day ${final.ageDays} (80% interval ${formatCount(final.low)}–${formatCount(final.high)}).`
      : '; no prediction yet.');
  return {
    name: 'views.png',
    alt,
    ...CHART_SIZE,
    config: {
      type: 'line',
      data: {
        datasets: [
          {
            label: 'Views so far',
            data: history.map((point) => ({ x: point.ageDays, y: round(point.views) })),
            borderColor: CHART_COLORS.primary,
            backgroundColor: CHART_COLORS.primary,
            pointRadius: 3,
          },
          {
            label: 'Predicted',
            data: [start, ...input.forecast.map((f) => ({ x: f.ageDays, y: round(f.predicted) }))],
            borderColor: CHART_COLORS.primary,
            backgroundColor: '#ffffff',
            borderDash: [6, 4],
            pointRadius: 4,
          },
          {
            // One closed outline (out along the high edge, back along the low one), filled: one legend entry.
            label: '80% interval',
            data: [start, ...edge('high'), ...edge('low').reverse(), start],
            borderColor: CHART_COLORS.primaryBand,
            backgroundColor: CHART_COLORS.primaryBand,
            pointRadius: 0,
            fill: 'shape',
          },
        ],
      },
      options: {
        ...baseOptions('Views of the latest video, with the 80% prediction interval'),
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'Age (days, log scale)' } },
          y: { type: 'linear', title: { display: true, text: 'Views' }, beginAtZero: true },
        },
      },
    },
  };
}
