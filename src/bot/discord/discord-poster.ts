import { type APIChannel, type APIMessage, REST, type RESTOptions, Routes } from 'discord.js';
import type { ChatPoster, PostedMessage } from '../../core/chat/chat-poster.js';
import type { Config } from '../../core/config.js';
import type { Reply } from '../../core/reply.js';
import { truncate } from '../chat-text.js';
import { discordRestAgent } from './discord-dispatcher.js';
import { type DiscordMessagePayload, renderDiscord } from './render-discord.js';

/**
 * REST options: @discordjs/rest waits out 429s (retry-after, per-route buckets) and retries 5xx and
 * timeouts a bounded number of times, then rejects so the caller can log and retry later. Its own agent keeps it
 * off undici's process-global dispatcher (discord-dispatcher.ts).
 */
export function discordRestOptions(config: Config): Partial<RESTOptions> {
  return {
    retries: 3,
    timeout: 15_000,
    agent: discordRestAgent(),
    ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}),
  };
}

export function createDiscordRest(config: Config): REST {
  const rest = new REST(discordRestOptions(config));
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  return rest;
}

/** A rendered message as a REST request: embeds in the JSON part, PNGs as multipart files. */
export function messageRequest(message: DiscordMessagePayload, extra: Record<string, unknown> = {}) {
  return {
    body: {
      ...extra,
      embeds: message.embeds,
      attachments: message.files.map((file, index) => ({ id: index, filename: file.name })),
    },
    files: message.files,
  };
}

/** Posts Replies into Discord channels and threads over REST (no gateway needed: the digest uses it too). */
export class DiscordPoster implements ChatPoster {
  readonly platform = 'discord' as const;

  constructor(private readonly rest: REST) {}

  async postToRoom(roomId: string, reply: Reply, options: { threadRef?: string } = {}): Promise<PostedMessage> {
    // A Discord thread is a channel of its own: posting into it is posting to its id.
    const target = options.threadRef ?? roomId;
    let messageRef: string | undefined;
    for (const message of renderDiscord(reply)) {
      const posted = (await this.rest.post(Routes.channelMessages(target), messageRequest(message))) as APIMessage;
      messageRef ??= posted.id;
    }
    return { messageRef: messageRef as string, ...(options.threadRef ? { threadRef: options.threadRef } : {}) };
  }

  async openThread(roomId: string, messageRef: string, name: string): Promise<string> {
    const thread = (await this.rest.post(Routes.threads(roomId, messageRef), {
      body: { name: truncate(name, 100), auto_archive_duration: 1440 },
    })) as APIChannel;
    return thread.id;
  }
}
