import { parentPort } from 'node:worker_threads';
import type { ChartSpec } from './chart-spec.js';
import { drawChart } from './draw-chart.js';

// The chart thread's code (chart-thread.ts starts it): draws each chart it is sent, answers with the PNG or
// the error's message.

parentPort?.on('message', async ({ id, spec, fontPath }: { id: number; spec: ChartSpec; fontPath: string }) => {
  try {
    parentPort?.postMessage({ id, png: await drawChart(spec, fontPath) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
