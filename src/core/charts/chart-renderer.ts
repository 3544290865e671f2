import type { ReplyImage } from '../reply.js';
import { letRequestsIn } from '../work-queue.js';
import type { ChartSpec } from './chart-spec.js';

/** Turns a chart description into PNG bytes: locally, or on a QuickChart server. */
export interface ChartRenderer {
  /** Where the pixels come from, for logs and the bench ("local", "quickchart 127.0.0.1:3400"). */
  readonly description: string;
  render(spec: ChartSpec): Promise<Uint8Array>;
  /** Loads what the first chart needs ahead of time (a running bot, before it listens); nothing if none. */
  warmUp?(): Promise<void>;
}

/**
 * Renders each chart into a Reply image carrying the chart's alt text. A chart that fails (a QuickChart
 * server down) is reported by name instead, so the rest still go out.
 */
export async function renderChartImages(
  renderer: ChartRenderer,
  specs: readonly ChartSpec[],
): Promise<{ images: ReplyImage[]; failures: string[] }> {
  const images: ReplyImage[] = [];
  const failures: string[] = [];
  for (const spec of specs) {
    await letRequestsIn(); // drawing a chart holds the loop ~100 ms
    try {
      images.push({ name: spec.name, png: await renderer.render(spec), alt: spec.alt });
    } catch (error) {
      failures.push(`${spec.name} could not be rendered (${renderer.description}): ${(error as Error).message}`);
    }
  }
  return { images, failures };
}
