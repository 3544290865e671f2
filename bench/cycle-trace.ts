// Reads the traces the chat-latency bench writes with CHAT_BENCH_TRACE=<folder> (bench/chat-bot-child.ts) and
// prints, per cycle (and per burst without one): the turns of the main thread's loop over 20 ms (a 1 ms timer fired that late) with what
// ran in each (the CPU profile's samples), and what the main thread ran from the burst to its last response.
// `npx tsx bench/cycle-trace.ts <folder>`.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Trace {
  startUs: number;
  burstUs?: number;
  responsesUs: number[];
  threadsAtBurst?: Record<string, number>;
  threadsAtEnd: Record<string, number>;
  longTurnsUs: [number, number][];
  profile: { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
}

/** What a frame's code is, by where it comes from. */
function kindOf(url: string, name: string): string | undefined {
  if (name === '(garbage collector)') return 'gc';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return 'program';
  if (url.startsWith('wasm://') || url.includes('@electric-sql/pglite')) return 'pglite';
  if (url.includes('chart.js') || url.includes('@napi-rs/canvas') || url.includes('/charts/')) return 'charts';
  if (url.includes('prisma')) return 'prisma';
  if (url.includes('/core/analytics/') || url.includes('/core/stats/')) return 'analysis';
  if (url.includes('@slack') || url.includes('discord') || url.includes('undici')) return 'platform clients';
  if (url.startsWith('node:')) return 'node';
  if (url.includes('/src/'))
    return url
      .slice(url.indexOf('/src/') + 5)
      .split('/')
      .slice(0, 2)
      .join('/');
  if (url.includes('node_modules/')) return url.split('node_modules/').pop()?.split('/')[0];
  return undefined;
}

/** The cycle's parts, by the outermost of these functions on the stack. */
const STEPS = [
  'updateChannelStrategy',
  'evaluateExperiment',
  'buildDigest',
  'digestFigures',
  'renderChartImages',
  'postToRoom',
  'postInsights',
  'offerDiscussion',
  'claimChannel',
  'runDailyCycle',
  'runCadenceRefresh',
  'runBreakoutAlerts',
  'keepPooledSharesReady',
  'learningReport',
  'predictionTrackRecord',
  'analyzeChannel',
  'readChannel',
];

function analyse(trace: Trace) {
  const { nodes, startTime, samples, timeDeltas } = trace.profile;
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const labels = new Map<number, { kind: string; step: string; fn: string }>();
  const labelOf = (id: number) => {
    let label = labels.get(id);
    if (label) return label;
    let kind: string | undefined;
    let step = '';
    const leaf = byId.get(id) as ProfileNode;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { url, functionName } = (byId.get(at) as ProfileNode).callFrame;
      kind ??= kindOf(url, functionName);
      if (STEPS.includes(functionName)) step = functionName;
    }
    label = { kind: kind ?? 'other', step, fn: leaf.callFrame.functionName || '(anonymous)' };
    labels.set(id, label);
    return label;
  };
  // Sample i covers [t_i, t_{i+1}).
  const times: number[] = [];
  let t = startTime;
  for (const delta of timeDeltas) {
    t += delta;
    times.push(t);
  }
  const ms = (us: number) => (us / 1000).toFixed(0);
  const summary = (ids: number[], key: 'kind' | 'step' | 'fn', top: number) => {
    const totals = new Map<string, number>();
    for (const i of ids) {
      const label = labelOf(samples[i] as number);
      const name = key === 'fn' ? `${label.fn} (${label.kind})` : label[key] || '–';
      totals.set(name, (totals.get(name) ?? 0) + ((times[i + 1] as number) - (times[i] as number)));
    }
    return [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `${name} ${ms(us)}`)
      .join(', ');
  };
  // Times from the trace's start (a cycle's, or a burst's without one; the profiler started just before it).
  const origin = trace.startUs;
  const burst = trace.burstUs;
  const lastAck = trace.responsesUs.length ? Math.max(...trace.responsesUs) : undefined;
  console.log(
    `trace ${ms((times.at(-1) as number) - origin)} ms; burst at +${burst === undefined ? '?' : ms(burst - origin)} ms, last response +${lastAck === undefined ? '?' : ms(lastAck - origin)} ms (${trace.responsesUs.length} responses in the trace)`,
  );
  console.log(
    'turns of the loop over 20 ms (start +ms, length ms, during the burst *): by step | by kind | top functions',
  );
  for (const [from, to] of trace.longTurnsUs) {
    const ids = samples.map((_, i) => i).filter((i) => (times[i] as number) >= from && (times[i] as number) < to);
    const during = burst !== undefined && lastAck !== undefined && to > burst && from < lastAck;
    console.log(
      `${during ? '*' : ' '} +${ms(from - origin)} ${ms(to - from)}: ${summary(ids, 'step', 3)} | ${summary(ids, 'kind', 4)} | ${summary(ids, 'fn', 3)}`,
    );
  }
  if (burst !== undefined && lastAck !== undefined) {
    const inWindow = samples
      .map((_, i) => i)
      .filter((i) => (times[i] as number) >= burst && (times[i] as number) < lastAck);
    console.log(`burst window main thread by kind: ${summary(inWindow, 'kind', 8)}`);
    console.log(`burst window main thread by step: ${summary(inWindow, 'step', 8)}`);
    console.log(`burst window main thread, top functions: ${summary(inWindow, 'fn', 16)}`);
    if (trace.threadsAtBurst) {
      const threads = Object.entries(trace.threadsAtEnd)
        .map(([name, end]) => [name, end - (trace.threadsAtBurst?.[name] ?? 0)] as const)
        .filter(([, used]) => used > 1)
        .map(([name, used]) => `${name} ${used.toFixed(0)}`)
        .join(', ');
      console.log(`threads' CPU from the burst to the cycle's end (ms): ${threads}`);
    }
  }
}

const folder = process.argv[2] ?? '.';
for (const file of readdirSync(folder)
  .filter((name) => /^(cycle|burst)-\d+\.json$/.test(name))
  .sort()) {
  console.log(`== ${file}`);
  analyse(JSON.parse(readFileSync(join(folder, file), 'utf8')) as Trace);
}
