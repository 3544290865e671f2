// The beats of the scripts the channel's videos were made from, keyed by the video's YouTube id: what /analyze
// maps a video's retention dips to, and what the next scripts learn their pacing from.

import { z } from 'zod';
import type { ScriptBeat } from '../analytics/retention-beats.js';
import type { Db } from '../db/database.js';

/** The part of a stored script body (script-generation.ts) that holds its timed beats. */
const storedBeats = z.object({
  beats: z.array(z.object({ start_s: z.number(), end_s: z.number(), voiceover: z.string() })).min(1),
});

/** Scripts linked to a video of the channel (one, with `youtubeId`): the video's YouTube id → the script's beats. */
export async function scriptBeatsByVideo(
  db: Db,
  channelId: number,
  youtubeId?: string,
): Promise<Map<string, ScriptBeat[]>> {
  const scripts = await db.generatedScript.findMany({
    where: { channelId, video: youtubeId === undefined ? { isNot: null } : { is: { youtubeId } } },
    select: { body: true, video: { select: { youtubeId: true } } },
    orderBy: { id: 'asc' },
  });
  const beats = new Map<string, ScriptBeat[]>();
  for (const script of scripts) {
    // A body that does not hold beats (written before they were timed) maps nothing rather than failing the reply.
    const parsed = storedBeats.safeParse(script.body);
    if (!script.video || !parsed.success) continue;
    beats.set(
      script.video.youtubeId,
      parsed.data.beats.map((beat) => ({ startS: beat.start_s, endS: beat.end_s, voiceover: beat.voiceover })),
    );
  }
  return beats;
}
