import type { Db } from '../../core/db/database.js';
import { likeLiteral, sameNameAnyCase } from '../../core/db/like-pattern.js';
import { truncate } from '../../core/format/text-width.js';
import { findCommand } from '../commands/command-catalog.js';
import { commandsFor } from '../commands/registry.js';
import { autocompletes } from './command-definitions.js';

export interface Choice {
  name: string;
  value: string;
}

export interface AutocompleteRequest {
  commandName: string;
  /** The option being typed and what has been typed so far. */
  focused: { name: string; value: string };
  /** The other options already filled in (a `channel` narrows the videos offered). */
  options: readonly { name: string; value?: string | number | boolean }[];
}

const MAX_CHOICES = 25;

/** Suggestions while typing: the team's channel names, or its most recent videos matching the text. */
export async function autocompleteChoices(db: Db, teamId: number, request: AutocompleteRequest): Promise<Choice[]> {
  const command = findCommand(commandsFor('discord'), request.commandName);
  const spec = command?.options[request.focused.name];
  if (!spec || !autocompletes(request.focused.name, spec)) return [];
  const typed = request.focused.value.trim();
  if (spec.autocomplete === 'channel') {
    const channels = await db.channel.findMany({
      where: { teamId, ...(typed ? { name: { contains: likeLiteral(typed), mode: 'insensitive' } } : {}) },
      orderBy: { name: 'asc' },
      take: MAX_CHOICES,
      select: { name: true, title: true },
    });
    return channels.map((channel) => ({
      name: truncate(`${channel.name} — ${channel.title}`, 100),
      value: channel.name,
    }));
  }
  const channelName = request.options.find((option) => option.name === 'channel')?.value;
  const videos = await db.video.findMany({
    where: {
      channel: {
        teamId,
        ...(typeof channelName === 'string' ? { name: sameNameAnyCase(channelName) } : {}),
      },
      ...(typed
        ? {
            OR: [
              { title: { contains: likeLiteral(typed), mode: 'insensitive' } },
              { youtubeId: { startsWith: likeLiteral(typed) } },
            ],
          }
        : {}),
    },
    orderBy: [{ publishedAt: { sort: 'desc', nulls: 'last' } }, { id: 'desc' }],
    take: MAX_CHOICES,
    select: { youtubeId: true, title: true },
  });
  return videos.map((video) => ({ name: truncate(video.title, 100), value: video.youtubeId }));
}
