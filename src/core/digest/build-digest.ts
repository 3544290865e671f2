import type { ThreadContext } from '../ai/follow-up.js';
import { figuresTime } from '../analytics/analytics-video.js';
import { DEFAULT_LEARNING_SETTINGS, type LearningSettings } from '../analytics/evidence-history.js';
import { latestAnalysis } from '../analytics/latest-analysis.js';
import { loadChannelData } from '../analytics/load-channel-data.js';
import { type ChartRenderer, renderChartImages } from '../charts/chart-renderer.js';
import type { Db } from '../db/database.js';
import { asOfField } from '../format/as-of.js';
import { channelLabels } from '../format/channel-labels.js';
import { formatCount, formatDate, formatFraction, formatPercent } from '../format/numbers.js';
import { trendChange, unknownPeriod } from '../format/period-trend.js';
import { rankedVideoTable, unrankedNote } from '../format/ranked-video-table.js';
import { truncate } from '../format/text-width.js';
import { learningReport } from '../learning/learning-report.js';
import { describeLift } from '../learning/strategy-lift.js';
import { describeTrackRecord, predictionTrackRecord } from '../predictions/track-record.js';
import type { Reply, ReplySection } from '../reply.js';
import type { RankedVideo } from '../stats/outlier-ranking.js';
import { MAX_GAP_PERIODS } from '../stats/period-trend.js';
import { letRequestsIn } from '../work-queue.js';
import { type DigestFigures, digestFigures, type PeriodComparison, RECENT_DAYS } from './digest-figures.js';
import { type ChannelSpend, channelSpend, type DigestInsight, latestStrategy, newInsights } from './digest-records.js';

export interface BuildDigestOptions {
  channelId: number;
  /** The wall clock: for spend, "new since", staleness. The figures stand at the channel's latest reading. */
  now: Date;
  renderer: ChartRenderer;
  /** Insights found or re-validated since then are "new"; default: the 24 hours before `now`. */
  insightsSince?: Date;
  /** What went wrong earlier in this channel's cycle (a refresh that failed…), stated in the digest. */
  notes?: string[];
  /** The configuration's learning settings (EVIDENCE_HALF_LIFE_VIDEOS); default: the defaults. */
  learning?: LearningSettings;
}

/** An insight's own message, and the discussion thread its Discuss button opens: the thread's name. */
export interface DigestThread {
  name: string;
  reply: Reply;
  /** Stored with the thread (ConversationThread.context), so follow-up questions are answered in context. */
  context: ThreadContext & { kind: 'insight'; insightId: number; key: string; summary: string; n: number };
}

export interface DigestData {
  channel: { id: number; name: string; title: string; source: string };
  /** The channel's latest reading, which every figure stands at; null when it has none. */
  asOf: string | null;
  figures: Omit<DigestFigures, 'charts'> & { charts: { name: string; alt: string }[] };
  insights: DigestInsight[];
  activeInsights: number;
  strategy: Awaited<ReturnType<typeof latestStrategy>>;
  trackRecord: Awaited<ReturnType<typeof predictionTrackRecord>>;
  spend: ChannelSpend;
  notes: string[];
  threads: DigestThread[];
}

/** A digest Reply: its `data` is always the digest's. */
export type DigestReply = Reply & { data: DigestData };

const DAY_MS = 86_400_000;

/**
 * The daily digest of one channel as a platform-neutral Reply: the periods against the ones before, best and
 * worst recent videos, new insights (each with a thread in `data.threads`), the strategy, the prediction
 * track record, quota and token spend, and four charts. The same Reply serves rooms, `/digest now` and the CLI.
 */
export async function buildDigest(db: Db, options: BuildDigestOptions): Promise<DigestReply> {
  const { now, channelId } = options;
  const channel = await db.channel.findUniqueOrThrow({
    where: { id: channelId },
    select: { id: true, name: true, title: true, source: true },
  });
  const data = await loadChannelData(db, channelId);
  const settings = options.learning ?? DEFAULT_LEARNING_SETTINGS;
  // Part by part, requests let in between: awaiting the embedded database never turns the event loop (its
  // queries run on this thread and resolve as microtasks), so these parts together held it 0.2–1 s in a cycle.
  await letRequestsIn();
  // The analysis at the latest reading: the one the cycle's strategy step kept for this data, if it ran.
  const figures = digestFigures(data, figuresTime(data), settings, latestAnalysis(data, settings));
  const inTurn = async <T>(part: () => Promise<T>) => {
    await letRequestsIn();
    return part();
  };
  const insights = await inTurn(() =>
    newInsights(db, channelId, options.insightsSince ?? new Date(now.getTime() - DAY_MS)),
  );
  const strategy = await inTurn(() => latestStrategy(db, channelId));
  const trackRecord = await inTurn(() => predictionTrackRecord(db, channelId, data.videos, now));
  const spend = await inTurn(() => channelSpend(db, channelId, now));
  const learning = await inTurn(() => learningReport(db, channelId, now, settings));
  const rendered = await renderChartImages(options.renderer, figures.charts);
  const notes = [...(options.notes ?? []), ...rendered.failures];
  const [day, week] = figures.periods;
  const sections: ReplySection[] = [
    periodSection(day, week),
    ...rankingSections(figures),
    insightSection(insights.fresh, insights.active),
    {
      heading: 'Strategy',
      ...(strategy
        ? {
            text: `Version ${strategy.version}, written ${formatDate(strategy.generatedAt)} (${strategy.writer}).`,
            list: [
              ...strategy.recommended.map((line) => `Do: ${line}`),
              ...strategy.avoid.map((line) => `Avoid: ${line}`),
            ],
          }
        : { text: 'No strategy yet: it is written by the daily cycle once the channel is connected (`/strategy`).' }),
    },
    {
      heading: 'Is the advice working?',
      text:
        learning.lift === null || learning.strategySince === null
          ? 'Not measurable yet: no strategy has been written for this channel.'
          : [
              `Since the first strategy: ${describeLift(learning.lift.sinceVsBefore, 'since', 'before')}.`,
              `Made from TubePilot scripts: ${describeLift(learning.lift.followedVsNot, 'scripted', 'other')}.`,
              `${learning.invalidatedInsights.length} insight(s) stopped holding; /learning has the details.`,
            ].join('\n'),
    },
    {
      heading: 'Spend',
      list: [
        `YouTube quota: ${formatCount(spend.quotaUnits.today)} units today (Pacific day), ${formatCount(spend.quotaUnits.week)} in the last 7 days`,
        `LLM tokens: ${formatCount(spend.tokens.day)} in the last 24 h, ${formatCount(spend.tokens.week)} in the last 7 days (${spend.tokens.calls} calls, ${spend.tokens.cacheHits} answered from cache)`,
      ],
    },
    ...(notes.length || figures.missingCharts.length
      ? [{ heading: 'Notes', list: [...notes, ...figures.missingCharts.map((why) => `No chart of ${why}.`)] }]
      : []),
  ];
  const digestData: DigestData = {
    channel,
    asOf: data.asOf?.toISOString() ?? null,
    figures: { ...figures, charts: figures.charts.map(({ name, alt }) => ({ name, alt })) },
    insights: insights.fresh,
    activeInsights: insights.active,
    strategy,
    trackRecord,
    spend,
    notes,
    threads: insights.fresh.map((insight) => insightThread(channel.name, insight)),
  };
  return {
    kind: 'result',
    title: `${channel.title} — daily digest`,
    summary: `${periodHeadline(day, 'Last 24 hours')} ${periodHeadline(week, 'Last 7 days')}`,
    labels: channelLabels(channel.source),
    fields: [asOfField(data, now), { label: 'Prediction track record', value: describeTrackRecord(trackRecord) }],
    sections,
    images: rendered.images,
    followUps: [
      { label: 'Full overview', command: `/stats ${channel.name}` },
      { label: 'What works here', command: `/trends ${channel.name}` },
    ],
    data: digestData,
  };
}

function viewsWord(comparison: PeriodComparison): string {
  return comparison.views.metric === 'engagedViews' ? 'engaged views' : 'views';
}

function periodHeadline(comparison: PeriodComparison, name: string): string {
  const { views } = comparison;
  if (views.current.gained === null) return `${name}: ${unknownPeriod(views)}.`;
  const change = trendChange(views, 'the period before');
  return `${name}: ${formatCount(views.current.gained)} ${viewsWord(comparison)} (${change}), ${views.current.uploads} new videos.`;
}

function periodSection(day: PeriodComparison, week: PeriodComparison): ReplySection {
  const columns = ['', 'Last 24 h', '24 h before', 'Last 7 days', '7 days before'];
  const both = (cell: (comparison: PeriodComparison, which: 'current' | 'previous') => string) => [
    cell(day, 'current'),
    cell(day, 'previous'),
    cell(week, 'current'),
    cell(week, 'previous'),
  ];
  const engagement = (c: PeriodComparison, w: 'current' | 'previous') => c.newVideos[w].engagement.rate;
  return {
    heading: 'Yesterday and the last 7 days',
    text:
      `Views gained (${viewsWord(week)}) by the videos read across both periods of a pair, at most ${MAX_GAP_PERIODS} periods ` +
      'apart at each end (the videos measured); likes, engagement rate ' +
      '((likes + comments + shares) ÷ views) and average % viewed of the videos published in each period.',
    table: {
      columns,
      rows: [
        [`${viewsWord(week)} gained`, ...both((c, w) => formatCount(c.views[w].gained))],
        ['Videos measured', ...both((c, w) => String(c.views[w].videosCovered))],
        ['New videos', ...both((c, w) => String(c.views[w].uploads))],
        ['Their likes', ...both((c, w) => formatCount(c.newVideos[w].totalLikes))],
        ['Their engagement rate', ...both((c, w) => formatFraction(engagement(c, w), 2))],
        ['Their average % viewed', ...both((c, w) => formatPercent(c.newVideos[w].meanAvgViewPct))],
      ],
      numeric: [1, 2, 3, 4],
    },
  };
}

function rankingSections({ best, worst, tooFewToCompare }: DigestFigures): ReplySection[] {
  const table = (videos: RankedVideo[]) => rankedVideoTable(videos, 40);
  const unranked = unrankedNote(tooFewToCompare);
  const note = unranked === null ? '' : ` ${unranked}`;
  if (best.length === 0) {
    return [
      {
        heading: 'Recent videos',
        text: `No video of the last ${RECENT_DAYS} days is ranked by outlier score yet.${note}`,
      },
    ];
  }
  return [
    {
      heading: `Best of the last ${RECENT_DAYS} days`,
      text: `Outlier score = views ÷ median views of the channel’s last 30 videos of the same format at the same age.${note}`,
      table: table(best),
    },
    ...(worst.length ? [{ heading: `Weakest of the last ${RECENT_DAYS} days`, table: table(worst) }] : []),
  ];
}

function insightLine(insight: DigestInsight): string {
  // The summary already says n and the confidence level ("…, n=24, high confidence").
  return insight.summary;
}

function insightSection(fresh: DigestInsight[], active: number): ReplySection {
  return fresh.length
    ? {
        heading: 'New insights',
        text: 'Each follows as a message of its own: Discuss under it opens a thread to ask about it.',
        list: fresh.map(insightLine),
      }
    : {
        heading: 'New insights',
        text: `None since the last digest (${active} active; \`/trends\` lists the patterns).`,
      };
}

function insightThread(channelName: string, insight: DigestInsight): DigestThread {
  return {
    name: truncate(`Insight: ${insight.summary}`, 100),
    reply: {
      kind: 'result',
      title: truncate(insight.summary, 200),
      summary: `From ${insight.sampleSize} videos (${insight.type}). Discuss opens a thread to ask about it.`,
      followUps: [{ label: 'The figures behind it', command: `/trends ${channelName}` }],
      data: { insightId: insight.id, key: insight.key },
    },
    // A follow-up in the thread is answered from these (follow-up.ts), as in any discussion thread.
    context: {
      kind: 'insight',
      insightId: insight.id,
      key: insight.key,
      title: insight.summary,
      summary: insight.summary,
      channelName,
      facts: [insight.summary, `Videos behind it: ${insight.sampleSize} (${insight.type})`],
      n: insight.sampleSize,
    },
  };
}
