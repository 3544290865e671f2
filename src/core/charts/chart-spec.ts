import type { ChartConfiguration } from 'chart.js';

// A chart is described, not drawn: a Chart.js v4 configuration made only of data (no callbacks), so the
// same description renders locally or on a QuickChart server, and tests can read what it shows.

export interface ChartSpec {
  /** File name of the rendered image, e.g. "views.png". */
  name: string;
  config: ChartConfiguration;
  /** What the chart shows, with its key numbers, for readers who cannot see it. */
  alt: string;
  width: number;
  height: number;
}

export const CHART_SIZE = { width: 800, height: 400 } as const;

export const CHART_COLORS = {
  primary: '#2563eb',
  primaryBand: 'rgba(37, 99, 235, 0.18)',
  reference: '#6b7280',
  positive: '#16a34a',
  negative: '#dc2626',
  neutral: '#9ca3af',
  whisker: '#4b5563',
} as const;

/** Chart.js title (and a subtitle for what the legend cannot say) + no animation: every chart's options. */
export function baseOptions(title: string, subtitle?: string) {
  return {
    responsive: false,
    animation: false as const,
    plugins: {
      title: { display: true, text: title, font: { size: 16 } },
      ...(subtitle ? { subtitle: { display: true, text: subtitle } } : {}),
      legend: { display: true },
    },
  };
}
