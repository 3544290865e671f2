import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { createCanvas } from '@napi-rs/canvas';

// A stand-in for a QuickChart server (POST /chart, as quickchart-js's toBinary sends it) on 127.0.0.1. It keeps
// every request and answers with a PNG of the requested size, or with the error it is told to return.

export interface QuickChartRequest {
  width: number;
  height: number;
  version: string;
  format: string;
  backgroundColor: string;
  devicePixelRatio: number;
  /** The chart config: quickchart-js sends a JavaScript literal (javascript-stringify), evaluated here. */
  chart: unknown;
}

export interface FakeQuickChart {
  url: string;
  requests: QuickChartRequest[];
  /** The next requests fail with this status until cleared. */
  failWith: number | null;
  close(): Promise<void>;
}

export async function startFakeQuickChart(): Promise<FakeQuickChart> {
  const fake: Omit<FakeQuickChart, 'url' | 'close'> = { requests: [], failWith: null };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      if (request.method !== 'POST' || request.url !== '/chart') {
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      fake.requests.push({ ...body, chart: runInNewContext(`(${body.chart})`) });
      if (fake.failWith !== null) {
        response.writeHead(fake.failWith, { 'content-type': 'text/plain' }).end('chart error');
        return;
      }
      const png = await createCanvas(body.width, body.height).encode('png');
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
