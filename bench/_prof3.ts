import { analyzeChannel } from '../src/core/analytics/channel-analysis.js';
import { analyticsVideoFromRecord } from '../src/core/analytics/from-video-record.js';
import { generateDemoChannel } from '../src/core/demo/demo-channel.js';

const END = new Date('2026-11-23T00:00:00Z');
const demo = generateDemoChannel({ seed: 42, endDate: END, videoCount: 10000 });
const channel = { timezone: demo.timezone, videos: demo.videos.map((r) => analyticsVideoFromRecord(r)) };
const s = performance.now();
for (let i = 0; i < 30; i++) analyzeChannel(channel, END);
console.log(((performance.now() - s) / 30).toFixed(1), 'ms per call');
