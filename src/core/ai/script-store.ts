// A script's life after it is written: approved by the team, then linked to the video it became.

import type { Db } from '../db/database.js';
import { UserError } from '../errors.js';
import { matchScriptsToVideos } from './script-titles.js';

/** Moves a draft of one of the team's channels to approved; anything else is a clear user error. */
export async function approveScript(db: Db, teamId: number, scriptId: number): Promise<{ id: number; topic: string }> {
  const script = await db.generatedScript.findFirst({
    where: { id: scriptId, channel: { teamId } },
    select: { id: true, status: true, topic: true },
  });
  if (!script) throw new UserError('Unknown script', `There is no script #${scriptId} on this team's channels.`);
  if (script.status !== 'draft') {
    throw new UserError('Not a draft', `Script #${scriptId} is already ${script.status}.`);
  }
  await db.generatedScript.update({ where: { id: script.id }, data: { status: 'approved' } });
  return script;
}

/**
 * Links the channel's unpublished scripts to the videos published under one of their titles since they were
 * written: the script becomes "published" and its pre-publication predictions point at the video, so the
 * learning loop can score them. For the refresh or daily job; returns the links made.
 */
export async function linkPublishedScripts(
  db: Db,
  channelId: number,
): Promise<{ scriptId: number; videoId: number }[]> {
  const scripts = await db.generatedScript.findMany({
    where: { channelId, videoId: null, status: { in: ['draft', 'approved'] } },
    select: { id: true, titleOptions: true, createdAt: true },
  });
  if (scripts.length === 0) return [];
  const oldest = new Date(Math.min(...scripts.map((script) => script.createdAt.getTime())));
  const videos = await db.video.findMany({
    where: { channelId, publishedAt: { gte: oldest }, scripts: { none: {} } },
    select: { id: true, title: true, publishedAt: true },
  });
  const links = matchScriptsToVideos(scripts, videos);
  await db.$transaction(async (tx) => {
    for (const { scriptId, videoId } of links) {
      await tx.generatedScript.update({ where: { id: scriptId }, data: { status: 'published', videoId } });
      await tx.prediction.updateMany({ where: { scriptId }, data: { videoId } });
    }
  });
  return links;
}
