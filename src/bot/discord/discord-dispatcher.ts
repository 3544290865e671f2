import { createRequire } from 'node:module';
import type { RESTOptions } from 'discord.js';

// @discordjs/rest sends requests with its own undici (6.x) through undici's process-global dispatcher when it
// is given no agent. @slack/socket-mode, loaded by @slack/bolt, brings undici 7, and whichever undici loads
// first installs the global dispatcher (under a symbol both versions read). Bolt first: undici 6 hands its
// multipart FormData bodies to an undici 7 Agent, which does not recognise a FormData of another realm and
// fails in body.js ("action is not a function") — every Discord post with an image breaks. An Agent made by
// the very undici @discordjs/rest imports makes its requests independent of the global and of load order.

type RestAgent = NonNullable<RESTOptions['agent']>;

const fromDiscordJs = createRequire(createRequire(import.meta.url).resolve('discord.js'));
const fromRest = createRequire(fromDiscordJs.resolve('@discordjs/rest'));
const { Agent } = fromRest('undici') as { Agent: new () => RestAgent };

/** A dispatcher of @discordjs/rest's own undici, for one REST client. */
export function discordRestAgent(): RestAgent {
  return new Agent();
}
