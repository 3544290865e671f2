import { Worker } from 'node:worker_threads';
import type { ChartSpec } from './chart-spec.js';
import { drawChart } from './draw-chart.js';

// Drawing a chart holds its thread 30–150 ms (Chart.js lays it out and draws synchronously on the canvas): on
// the bot's thread, a daily cycle's charts (four a channel) held back the acknowledgements of requests arriving
// meanwhile. They are drawn on a worker thread instead, one per process, started at the first chart (or the
// bot's warm-up) and kept alive only while it has charts to draw. Should it fail, this thread draws.

/**
 * Loads the worker's module: the compiled one (dist/), or the TypeScript source through tsx where this module
 * runs from source (tests, the bench), as tsx's `--import` does not reach a worker's modules.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts'))
  require(require('node:module').createRequire(workerData.entry).resolve('tsx/esm/api')).register();
import(workerData.entry);
`;

interface Waiting {
  spec: ChartSpec;
  fontPath: string;
  resolve: (png: Uint8Array) => void;
  reject: (error: Error) => void;
}

class ChartThread {
  private worker: Worker | undefined;
  private failed = false;
  /** Charts sent to the worker, by id, until it answers. */
  private readonly waiting = new Map<number, Waiting>();
  private lastId = 0;

  draw(spec: ChartSpec, fontPath: string): Promise<Uint8Array> {
    const worker = this.started();
    if (!worker) return drawChart(spec, fontPath);
    return new Promise((resolve, reject) => {
      const id = ++this.lastId;
      this.waiting.set(id, { spec, fontPath, resolve, reject });
      worker.ref();
      worker.postMessage({ id, spec, fontPath });
    });
  }

  private started(): Worker | undefined {
    if (this.failed || this.worker) return this.worker;
    const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const entry = new URL(`./chart-worker${extension}`, import.meta.url).href;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entry } });
    worker.on('message', ({ id, png, error }: { id: number; png?: Uint8Array; error?: string }) => {
      const chart = this.waiting.get(id);
      this.waiting.delete(id);
      if (this.waiting.size === 0) worker.unref();
      if (png) chart?.resolve(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
      else chart?.reject(new Error(error));
    });
    const failed = () => this.drawHereFromNowOn();
    worker.once('error', failed);
    worker.once('exit', failed);
    // Kept alive only while it has charts to draw (ref'd in `draw`); after the listeners, which ref it.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private drawHereFromNowOn(): void {
    this.failed = true;
    this.worker = undefined;
    const charts = [...this.waiting.values()];
    this.waiting.clear();
    for (const chart of charts) drawChart(chart.spec, chart.fontPath).then(chart.resolve, chart.reject);
  }
}

/** This process's chart thread. */
export const chartThread = new ChartThread();
