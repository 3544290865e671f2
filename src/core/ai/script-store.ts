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
  const reported = await linkReportedScripts(db, channelId);
  const scripts = await db.generatedScript.findMany({
    where: { channelId, videoId: null, status: { in: ['draft', 'approved'] } },
    select: { id: true, titleOptions: true, createdAt: true },
  });
  if (scripts.length === 0) return reported;
  const oldest = new Date(Math.min(...scripts.map((script) => script.createdAt.getTime())));
  const videos = await db.video.findMany({
    where: { channelId, publishedAt: { gte: oldest }, scripts: { none: {} } },
    select: { id: true, title: true, publishedAt: true },
  });
  const links = matchScriptsToVideos(scripts, videos);
  await db.$transaction(async (tx) => {
    for (const link of links) await linkScript(tx, link);
  });
  return [...reported, ...links];
}

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/** A script becomes its video's: published, and its pre-publication predictions point at the video. */
async function linkScript(tx: Tx | Db, { scriptId, videoId }: { scriptId: number; videoId: number }): Promise<void> {
  await tx.generatedScript.update({ where: { id: scriptId }, data: { status: 'published', videoId } });
  await tx.prediction.updateMany({ where: { scriptId }, data: { videoId } });
}

/** Scripts the pipeline reported as published (markScriptPublished) whose video has arrived since. */
async function linkReportedScripts(db: Db, channelId: number): Promise<{ scriptId: number; videoId: number }[]> {
  const scripts = await db.generatedScript.findMany({
    where: { channelId, videoId: null, publishedYoutubeId: { not: null } },
    select: { id: true, publishedYoutubeId: true },
  });
  if (scripts.length === 0) return [];
  const videos = await db.video.findMany({
    where: { channelId, youtubeId: { in: scripts.map((script) => script.publishedYoutubeId ?? '') } },
    select: { id: true, youtubeId: true },
  });
  const videoIds = new Map(videos.map((video) => [video.youtubeId, video.id]));
  const links = scripts.flatMap((script) => {
    const videoId = videoIds.get(script.publishedYoutubeId ?? '');
    return videoId === undefined ? [] : [{ scriptId: script.id, videoId }];
  });
  await db.$transaction(async (tx) => {
    for (const link of links) await linkScript(tx, link);
  });
  return links;
}

/** A script that cannot move to published as asked; the API answers 409 with the message. */
export class ScriptStateError extends UserError {}

/**
 * The pipeline reports that an approved script went out as the YouTube video `youtubeId`. The script is
 * published and linked now when the video is stored, else once a refresh brings it (linkPublishedScripts).
 * Reporting the same video again changes nothing; null: no such script on the channel.
 */
export async function markScriptPublished(
  db: Db,
  channelId: number,
  scriptId: number,
  youtubeId: string,
): Promise<{ linked: boolean } | null> {
  const script = await db.generatedScript.findFirst({
    where: { id: scriptId, channelId },
    select: { id: true, status: true, publishedYoutubeId: true, video: { select: { youtubeId: true } } },
  });
  if (!script) return null;
  const current = script.publishedYoutubeId ?? script.video?.youtubeId ?? null;
  if (script.status === 'published' && current === youtubeId) return { linked: script.video !== null };
  if (script.status !== 'approved') {
    throw new ScriptStateError(
      'Not approved',
      script.status === 'draft'
        ? `Script #${scriptId} is a draft; only approved scripts are published.`
        : `Script #${scriptId} is already published as ${current ?? 'another video'}.`,
    );
  }
  const video = await db.video.findUnique({
    where: { channelId_youtubeId: { channelId, youtubeId } },
    select: { id: true, _count: { select: { scripts: true } } },
  });
  if (video && video._count.scripts > 0) {
    throw new ScriptStateError('Video taken', `Video ${youtubeId} is already linked to another script.`);
  }
  await db.$transaction(async (tx) => {
    await tx.generatedScript.update({
      where: { id: scriptId },
      data: { status: 'published', publishedYoutubeId: youtubeId },
    });
    if (video) await linkScript(tx, { scriptId, videoId: video.id });
  });
  return { linked: video !== null };
}
