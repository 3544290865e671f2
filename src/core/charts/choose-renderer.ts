import type { ChartRenderer } from './chart-renderer.js';
import { localChartRenderer } from './local-chart-renderer.js';
import { quickChartRenderer } from './quickchart-renderer.js';

/** QuickChart when QUICKCHART_URL is set, local rendering otherwise (offline, the default). */
export function chartRendererFor(config: { QUICKCHART_URL?: string | undefined }): ChartRenderer {
  return config.QUICKCHART_URL ? quickChartRenderer(config.QUICKCHART_URL) : localChartRenderer();
}
