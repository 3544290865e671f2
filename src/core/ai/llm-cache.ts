import { createHash } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.js';
import type { DbClient } from '../videos/video-store.js';

// Same model and same prompt within the window → the stored answer, at no cost. The prompt carries every
// figure, so any change in the data is a different key.

export function cacheKey(model: string, prompt: string): string {
  return createHash('sha256').update(model).update('\u0000').update(prompt).digest('hex');
}

export interface CachedAnswer {
  response: unknown;
  promptTokens: number;
  completionTokens: number;
}

export async function readCache(
  db: DbClient,
  key: string,
  now: Date,
  windowHours: number,
): Promise<CachedAnswer | null> {
  if (windowHours <= 0) return null;
  const since = new Date(now.getTime() - windowHours * 3_600_000);
  return db.llmCache.findFirst({
    where: { key, createdAt: { gte: since } },
    select: { response: true, promptTokens: true, completionTokens: true },
  });
}

export async function writeCache(
  db: DbClient,
  entry: {
    key: string;
    model: string;
    purpose: string;
    response: Prisma.InputJsonValue;
    promptTokens: number;
    completionTokens: number;
  },
  now: Date,
): Promise<void> {
  const data = { ...entry, createdAt: now };
  await db.llmCache.upsert({ where: { key: entry.key }, create: data, update: data });
}
