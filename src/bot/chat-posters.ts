import { webApi } from '@slack/bolt';
import type { ChatPlatform, ChatPoster } from '../core/chat/chat-poster.js';
import type { Config } from '../core/config.js';
import { createDiscordRest, DiscordPoster } from './discord/discord-poster.js';
import { SlackPoster, slackClientOptions } from './slack/slack-poster.js';

/** A poster per configured platform, for work that posts on its own (the daily digest). */
export function createChatPosters(config: Config): Partial<Record<ChatPlatform, ChatPoster>> {
  return {
    ...(config.DISCORD_TOKEN ? { discord: new DiscordPoster(createDiscordRest(config)) } : {}),
    ...(config.SLACK_BOT_TOKEN
      ? { slack: new SlackPoster(new webApi.WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config))) }
      : {}),
  };
}
