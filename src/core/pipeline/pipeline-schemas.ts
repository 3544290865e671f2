import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.js';
import { describeCalibration } from '../format/calibration.js';
import { storedCalibration } from '../predictions/prediction-store.js';

// What the pipeline API and the approval webhook send, declared once: the routes validate and serialise with
// these schemas and the OpenAPI description is generated from them.

export const scriptStatusSchema = z.enum(['draft', 'approved', 'published']);

export const scriptSchema = z.object({
  id: z.number().int(),
  channel: z.string().describe('the channel name used in the API path'),
  status: scriptStatusSchema,
  topic: z.string(),
  hook: z.string().describe('the first spoken line'),
  body: z
    .object({
      targetLengthS: z.number().optional(),
      beats: z
        .array(
          z.object({
            start_s: z.number(),
            end_s: z.number(),
            voiceover: z.string(),
            on_screen_text: z.string(),
          }),
        )
        .optional(),
      cta: z.string().optional(),
    })
    .describe('the beats of the script, as written'),
  titleOptions: z.array(z.string()),
  prediction: z
    .object({
      views: z.number(),
      low: z.number(),
      high: z.number(),
      calibration: z
        .string()
        .nullable()
        .describe(
          'what the interval was calibrated on, as chat replies say it; null for scripts older than calibration',
        ),
    })
    .nullable()
    .describe('expected views at 30 days with an 80% interval; null when the channel has too little data'),
  strategyId: z.number().int().nullable(),
  writer: z.string().describe('a model id, or "offline" for the template writer'),
  createdAt: z.iso.datetime(),
  youtubeVideoId: z.string().nullable().describe('the video the script became, once known'),
});

export type ScriptView = z.infer<typeof scriptSchema>;

const evidenceSchema = z.looseObject({}).describe('an effect estimate with its sample size and interval');

export const strategySchema = z.object({
  channel: z.string(),
  version: z.number().int(),
  writer: z.string(),
  generatedAt: z.iso.datetime(),
  summary: z.string(),
  recommendedTopics: z.array(evidenceSchema),
  avoidTopics: z.array(evidenceSchema),
  style: z.string(),
  pacing: z.string(),
  hookTemplates: z.array(z.string()),
  postingWindows: z.array(evidenceSchema),
  nextTests: z.array(z.string()),
  basis: z.object({
    videoCount: z.number().int(),
    from: z.iso.datetime().nullable(),
    to: z.iso.datetime().nullable(),
  }),
});

export const scriptApprovedEventSchema = z.object({
  event: z.literal('script.approved'),
  deliveryId: z.number().int().describe('the same on every retry of one delivery'),
  occurredAt: z.iso.datetime(),
  script: scriptSchema,
});

/** A stored script row (with its channel name and video) as the API shows it. */
export function scriptView(row: {
  id: number;
  status: z.infer<typeof scriptStatusSchema>;
  topic: string;
  hook: string;
  body: unknown;
  titleOptions: string[];
  predictedViews: number | null;
  predictedLow: number | null;
  predictedHigh: number | null;
  strategyId: number | null;
  writer: string;
  createdAt: Date;
  publishedYoutubeId: string | null;
  channel: { name: string };
  video: { youtubeId: string } | null;
  predictions: { inputs: Prisma.JsonValue }[];
}): ScriptView {
  const calibration = row.predictions[0] ? storedCalibration(row.predictions[0].inputs) : null;
  return {
    id: row.id,
    channel: row.channel.name,
    status: row.status,
    topic: row.topic,
    hook: row.hook,
    body: (row.body ?? {}) as ScriptView['body'],
    titleOptions: row.titleOptions,
    prediction:
      row.predictedViews === null || row.predictedLow === null || row.predictedHigh === null
        ? null
        : {
            views: row.predictedViews,
            low: row.predictedLow,
            high: row.predictedHigh,
            calibration: calibration && describeCalibration(calibration),
          },
    strategyId: row.strategyId,
    writer: row.writer,
    createdAt: row.createdAt.toISOString(),
    youtubeVideoId: row.video?.youtubeId ?? row.publishedYoutubeId,
  };
}

/** The columns scriptView needs. */
export const SCRIPT_VIEW_SELECT = {
  id: true,
  status: true,
  topic: true,
  hook: true,
  body: true,
  titleOptions: true,
  predictedViews: true,
  predictedLow: true,
  predictedHigh: true,
  strategyId: true,
  writer: true,
  createdAt: true,
  publishedYoutubeId: true,
  channel: { select: { name: true } },
  video: { select: { youtubeId: true } },
  // The script's own pre-publication prediction: what its interval was calibrated on.
  predictions: { where: { kind: 'pre_publish' }, orderBy: { id: 'asc' }, take: 1, select: { inputs: true } },
} as const;
