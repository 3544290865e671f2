import type quickChartModule from 'quickchart-js';
import type { ChartRenderer } from './chart-renderer.js';
import type { ChartSpec } from './chart-spec.js';

type QuickChartClass = typeof quickChartModule.default;

/**
 * Renders on a QuickChart server (quickchart.io or self-hosted), for deployments that prefer it to local
 * rendering. `url` is the server's base, e.g. https://quickchart.io or http://127.0.0.1:3400.
 */
export function quickChartRenderer(url: string): ChartRenderer {
  const base = new URL(url);
  const scheme = base.protocol.replace(/:$/, '');
  return {
    description: `quickchart ${base.host}`,
    async render(spec: ChartSpec): Promise<Uint8Array> {
      // Loaded on first use; the typings are CommonJS-shaped while the ESM build's default is the class itself.
      const QuickChart = (await import('quickchart-js')).default as unknown as QuickChartClass;
      const chart = new QuickChart()
        .setConfig(spec.config)
        .setWidth(spec.width)
        .setHeight(spec.height)
        .setBackgroundColor('#ffffff')
        .setDevicePixelRatio(1)
        // The library's default is Chart.js 2.9.4; our descriptions are v4.
        .setVersion('4')
        .setHost(base.host)
        .setScheme(scheme);
      return new Uint8Array(await chart.toBinary());
    },
  };
}
