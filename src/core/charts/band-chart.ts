import type { BandPoint } from '../alerts/breakout-bands.js';
import { formatCount } from '../format/numbers.js';
import { baseOptions, CHART_COLORS, CHART_SIZE, type ChartSpec } from './chart-spec.js';

// A breakout alert's chart: one young video's views hour by hour against the channel's age-matched bands (the
// 10th…90th percentiles of its peers' views at each hour), so the reader sees where it left the pack.

export interface BandChartInput {
  videoTitle: string;
  points: readonly BandPoint[];
}

const BAND_LABELS = ['p10', 'p30', 'p50 (median)', 'p70', 'p90'] as const;
const BAND_FILL = 'rgba(107, 114, 128, 0.12)';

/** Null when no hour has both bands and views to draw. */
export function bandChart(input: BandChartInput): ChartSpec | null {
  const drawn = input.points.filter((point) => point.bands !== null || point.views !== null);
  const last = [...drawn].reverse().find((point) => point.views !== null && point.bands !== null);
  if (!last || last.bands === null || last.views === null) return null;
  const round = (value: number) => Math.round(value);
  const band = (index: number) =>
    drawn
      .filter((point) => point.bands !== null)
      .map((point) => ({ x: round1(point.hour), y: round(point.bands?.percentiles[index] as number) }));
  const [p10, , p50, , p90] = last.bands.percentiles;
  const alt =
    `Views of "${input.videoTitle}" by hour against the channel's bands: ${formatCount(last.views)} at hour ` +
    `${round1(last.hour)}, where its peers had ${formatCount(p10)} (p10), ${formatCount(p50)} (median) and ` +
    `${formatCount(p90)} (p90).`;
  return {
    name: 'breakout-bands.png',
    alt,
    ...CHART_SIZE,
    config: {
      type: 'line',
      data: {
        datasets: [
          {
            label: 'This video',
            data: drawn
              .filter((point) => point.views !== null)
              .map((point) => ({ x: round1(point.hour), y: round(point.views as number) })),
            borderColor: CHART_COLORS.primary,
            backgroundColor: CHART_COLORS.primary,
            borderWidth: 3,
            pointRadius: 2,
          },
          ...BAND_LABELS.map((label, index) => ({
            label,
            data: band(index),
            borderColor: index === 2 ? CHART_COLORS.reference : CHART_COLORS.neutral,
            backgroundColor: BAND_FILL,
            borderDash: index === 2 ? [6, 4] : [],
            borderWidth: 1,
            pointRadius: 0,
            // The outer bands shade the space between p10 and p90: the middle 80 % of the peers.
            ...(index === 4 ? { fill: '-4' } : {}),
          })),
        ],
      },
      options: {
        ...baseOptions(
          'Views by hour against the channel’s age-matched bands',
          'Bands: earlier videos at the same age',
        ),
        scales: {
          x: { type: 'linear', title: { display: true, text: 'Hours since publishing' }, min: 0 },
          y: { type: 'linear', title: { display: true, text: 'Views' }, beginAtZero: true },
        },
      },
    },
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
