import type { ServerResponse } from 'node:http';
import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIInteraction,
  type APIMessage,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type REST,
  Routes,
  SnowflakeUtil,
} from 'discord.js';
import { ensureChatTeam } from '../../core/channels/teams.js';
import { decodeAction, isDiscussButton } from '../chat-actions.js';
import { MalformedBodyError, parseJsonObject, type Route, readBody, sendJson } from '../http/http-server.js';
import { FRESHNESS_MS, isFresh, ReplayGuard } from '../http/replay-guard.js';
import { autocompleteChoices } from './discord-autocomplete.js';
import {
  type DiscordCommandDeps,
  type DiscordCommandRequest,
  type DiscordDiscussRequest,
  type DiscordResponder,
  runDiscordCommand,
  runDiscordDiscuss,
  unknownButtonMessage,
} from './discord-commands.js';
import { messageRequest } from './discord-poster.js';
import { InteractionVerifier } from './verify-interaction.js';

// Discord's HTTP interactions endpoint: stateless, so several bot processes can share the load behind a
// load balancer. The deferral is the HTTP response itself; the answer follows over REST with the
// interaction token (no bot token needed). A signed interaction is acted on once and only while fresh: its id
// (a snowflake) says when Discord created it, and ids already seen are refused (replay-guard.ts).

/** When Discord created the object with this snowflake id, in Unix ms; NaN for what is not a snowflake. */
function snowflakeTime(id: unknown): number {
  return typeof id === 'string' && /^\d{1,20}$/.test(id) ? SnowflakeUtil.timestampFrom(id) : Number.NaN;
}

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

type FlatOption = APIApplicationCommandInteractionDataBasicOption & { focused?: boolean };

export function discordInteractionsRoute(deps: DiscordCommandDeps, rest: REST): Route {
  const { config } = deps;
  if (!config.DISCORD_PUBLIC_KEY || !config.DISCORD_APPLICATION_ID)
    throw new Error('DISCORD_MODE=http needs DISCORD_PUBLIC_KEY and DISCORD_APPLICATION_ID');
  const verifier = new InteractionVerifier(config.DISCORD_PUBLIC_KEY);
  const applicationId = config.DISCORD_APPLICATION_ID;
  const guard = new ReplayGuard(deps.db, deps.queue ? { queue: deps.queue } : {});
  return {
    method: 'POST',
    path: DISCORD_INTERACTIONS_PATH,
    async handle(request, response) {
      const body = await readBody(request);
      const signature = request.headers['x-signature-ed25519'];
      const timestamp = request.headers['x-signature-timestamp'];
      if (!(await verifier.verify(String(signature ?? ''), String(timestamp ?? ''), body))) {
        sendJson(response, 401, { error: 'invalid request signature' });
        return;
      }
      const interaction = parseJsonObject(body) as unknown as APIInteraction;
      if (interaction.type === InteractionType.Ping) {
        sendJson(response, 200, { type: InteractionResponseType.Pong });
        return;
      }
      const createdAtMs = snowflakeTime(interaction.id);
      const now = guard.now();
      if (!isFresh(createdAtMs, now) || !isFresh(Number(timestamp) * 1000, now)) {
        sendJson(response, 401, { error: 'interaction out of date' });
        return;
      }
      if (!(await guard.firstSeen('discord', interaction.id, createdAtMs + FRESHNESS_MS))) {
        sendJson(response, 401, { error: 'interaction already received' });
        return;
      }
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
        const request = signedCommandRequest(interaction);
        const focused = request.options.find((option) => (option as FlatOption).focused);
        const team = request.guildId
          ? await ensureChatTeam(deps.db, 'discord', request.guildId, `Discord ${request.guildId}`)
          : undefined;
        const choices =
          team && focused
            ? await autocompleteChoices(deps.db, team.id, {
                commandName: request.commandName,
                focused: { name: focused.name, value: String(focused.value ?? '') },
                options: request.options,
              })
            : [];
        sendJson(response, 200, {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices },
        });
        return;
      }
      if (
        interaction.type !== InteractionType.ApplicationCommand &&
        interaction.type !== InteractionType.MessageComponent
      ) {
        sendJson(response, 400, { error: 'unsupported interaction type' });
        return;
      }
      const discuss = interaction.type === InteractionType.MessageComponent ? discussRequest(interaction) : null;
      if (discuss) {
        await runDiscordDiscuss(deps, discuss, httpResponder(response, rest, applicationId, interaction.token));
        return;
      }
      const command =
        interaction.type === InteractionType.MessageComponent
          ? buttonRequest(interaction)
          : signedCommandRequest(interaction);
      if (!command) {
        sendJson(response, 200, {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: { embeds: unknownButtonMessage().embeds, flags: MessageFlags.Ephemeral },
        });
        return;
      }
      const responder = httpResponder(response, rest, applicationId, interaction.token);
      try {
        await runDiscordCommand(deps, command, responder);
      } catch (error) {
        deps.log.error({ err: error, command: command.commandName }, 'Discord interaction failed');
        if (!response.headersSent) sendJson(response, 500, { error: 'failed' });
      }
    },
  };
}

/** The command request of a signed HTTP interaction; a body of the wrong shape is the sender's error (400). */
function signedCommandRequest(interaction: APIInteraction): DiscordCommandRequest {
  try {
    return commandRequest(interaction);
  } catch {
    throw new MalformedBodyError('not a Discord interaction');
  }
}

/** The command a signed button click runs (a click is the command typed by the clicker); null: not our button. */
function buttonRequest(interaction: APIInteraction): DiscordCommandRequest | null {
  const customId = (interaction as { data?: { custom_id?: unknown } }).data?.custom_id;
  const clicked = typeof customId === 'string' ? decodeAction(customId) : null;
  if (!clicked) return null;
  const base = signedCommandRequest(interaction);
  return {
    ...base,
    commandName: clicked.command,
    options: Object.entries(clicked.values).map(([name, value]) => ({ name, value })),
  };
}

/** A signed click on Discuss: the clicked message and where it is; null for any other button. */
function discussRequest(interaction: APIInteraction): DiscordDiscussRequest | null {
  const { data, message } = interaction as { data?: { custom_id?: unknown }; message?: { id?: unknown } };
  if (typeof data?.custom_id !== 'string' || !isDiscussButton(data.custom_id)) return null;
  const request = signedCommandRequest(interaction);
  if (typeof message?.id !== 'string' || !/^\d{1,20}$/.test(message.id) || !request.channelId)
    throw new MalformedBodyError('not a Discord interaction');
  return { guildId: request.guildId, channelId: request.channelId, messageId: message.id };
}

/** The command request in a raw interaction (HTTP payload; also the gateway's raw shape). */
export function commandRequest(interaction: APIInteraction): DiscordCommandRequest {
  const data = (interaction as { data?: { name?: string; options?: FlatOption[] } }).data;
  const member = interaction.member;
  return {
    commandName: data?.name ?? '',
    guildId: interaction.guild_id ?? null,
    channelId: interaction.channel?.id ?? '',
    userId: member?.user.id ?? interaction.user?.id ?? '',
    permissions: member?.permissions ? BigInt(member.permissions) : null,
    roleIds: member?.roles ?? [],
    options: data?.options ?? [],
  };
}

/** Answers over the HTTP response first (deferral or immediate reply), then over the interaction webhook. */
function httpResponder(response: ServerResponse, rest: REST, applicationId: string, token: string): DiscordResponder {
  const original = Routes.webhookMessage(applicationId, token, '@original');
  return {
    async replyNow(message, ephemeral) {
      // Immediate answers are short errors: embeds only, no files.
      sendJson(response, 200, {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: { embeds: message.embeds, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
      });
    },
    async defer() {
      sendJson(response, 200, { type: InteractionResponseType.DeferredChannelMessageWithSource });
    },
    async editOriginal(message) {
      const posted = (await rest.patch(original, { ...messageRequest(message), auth: false })) as APIMessage;
      return { id: posted.id };
    },
    async deleteOriginal() {
      await rest.delete(original, { auth: false });
    },
    async followUp(message, ephemeral) {
      await rest.post(Routes.webhook(applicationId, token), {
        ...messageRequest(message, ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
        auth: false,
        query: new URLSearchParams({ wait: 'true' }),
      });
    },
  };
}
