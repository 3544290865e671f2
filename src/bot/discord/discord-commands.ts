import { ensureChatTeam, teamManageRole } from '../../core/channels/teams.js';
import { errorReply, type Reply } from '../../core/reply.js';
import { afterDelivery, runQueuedThen } from '../../core/work-queue.js';
import { unknownButtonReply } from '../chat-actions.js';
import { type ChatDeps, chatCommandContext } from '../chat-context.js';
import { answerDiscussClick, startDiscussion } from '../chat-discussions.js';
import type { CommandContext } from '../commands/command.js';
import { findCommand } from '../commands/command-catalog.js';
import type { RawValue } from '../commands/command-input.js';
import { executeCommand, unexpectedErrorReply } from '../commands/execute-command.js';
import { discordCanManage } from './discord-permissions.js';
import type { DiscordPoster } from './discord-poster.js';
import { type DiscordMessagePayload, renderDiscord } from './render-discord.js';

// One slash command from Discord, however it arrived (gateway or HTTP interactions endpoint): the transport
// turns its interaction into a DiscordCommandRequest and a responder; everything else happens here once.

export interface DiscordCommandRequest {
  commandName: string;
  guildId: string | null;
  guildName?: string;
  channelId: string;
  userId: string;
  /** The member's permissions in the channel, as Discord resolved them. */
  permissions: bigint | null;
  roleIds: readonly string[];
  options: readonly { name: string; value?: string | number | boolean }[];
}

/** How a transport answers an interaction. */
export interface DiscordResponder {
  /** An immediate answer (no deferral), for what is known before any work. */
  replyNow(message: DiscordMessagePayload, ephemeral: boolean): Promise<void>;
  /** "TubePilot is thinking…": must come within 3 s of the interaction. */
  defer(): Promise<void>;
  /** Replaces the deferred message; returns the posted message's id. */
  editOriginal(message: DiscordMessagePayload): Promise<{ id: string }>;
  deleteOriginal(): Promise<void>;
  followUp(message: DiscordMessagePayload, ephemeral: boolean): Promise<void>;
}

export interface DiscordCommandDeps extends ChatDeps {
  poster: DiscordPoster;
}

/**
 * Defers at once (every command: even a fast one may wait on the database), runs the command through
 * executeCommand, and answers: results in the channel (opening a discussion thread for discussable
 * commands), errors and private replies (secrets) only to the user who typed the command.
 */
export async function runDiscordCommand(
  deps: DiscordCommandDeps,
  request: DiscordCommandRequest,
  responder: DiscordResponder,
): Promise<Reply> {
  if (!request.guildId) {
    const reply = errorReply('Servers only', 'TubePilot works in a server channel, where your team shares its data.', {
      fields: [{ label: 'What to do', value: 'Run the command in a channel of your server.' }],
    });
    await responder.replyNow(renderDiscord(reply)[0] as DiscordMessagePayload, true);
    return reply;
  }
  await responder.defer();
  try {
    const guildId = request.guildId;
    return await runQueuedThen(
      deps.queue,
      () => answer(deps, { ...request, guildId }),
      (answered) => deliver(deps, request, answered, responder),
    );
  } catch (error) {
    // The user is looking at "thinking…": replace it with an error id rather than leave it hanging.
    const reply = unexpectedErrorReply(deps.log, error, request.commandName, deps.config.DATABASE_URL);
    await responder.deleteOriginal().catch(() => {});
    await responder.followUp(renderDiscord(reply)[0] as DiscordMessagePayload, true).catch(() => {});
    return reply;
  }
}

/** A click on Discuss under a message, as a transport read it from the interaction. */
export interface DiscordDiscussRequest {
  guildId: string | null;
  channelId: string;
  messageId: string;
}

/**
 * Opens the message's discussion thread, or points to the one already open; answered privately and at once
 * (a database look-up and one REST call, well within Discord's 3 s).
 */
export async function runDiscordDiscuss(
  deps: DiscordCommandDeps,
  request: DiscordDiscussRequest,
  responder: DiscordResponder,
): Promise<Reply> {
  const reply = request.guildId
    ? await answerDiscussClick(
        deps,
        deps.poster,
        {
          platform: 'discord',
          teamExternalId: request.guildId,
          roomId: request.channelId,
          messageRef: request.messageId,
        },
        (threadRef) => `<#${threadRef}>`,
      )
    : unknownButtonReply('/help');
  await responder.replyNow(renderDiscord(reply)[0] as DiscordMessagePayload, true);
  return reply;
}

/** The answer to a click on a button that is not TubePilot's. */
export function unknownButtonMessage(): DiscordMessagePayload {
  return renderDiscord(unknownButtonReply('/help'))[0] as DiscordMessagePayload;
}

interface Answer {
  ctx: CommandContext;
  teamId: number;
  reply: Reply;
  messages: [DiscordMessagePayload, ...DiscordMessagePayload[]];
}

/** The command's reply, rendered: the work that holds this thread, done in the queue's turn. */
async function answer(deps: DiscordCommandDeps, request: DiscordCommandRequest & { guildId: string }): Promise<Answer> {
  const team = await ensureChatTeam(
    deps.db,
    'discord',
    request.guildId,
    request.guildName ?? `Discord ${request.guildId}`,
  );
  const ctx = chatCommandContext(
    deps,
    team,
    { platform: 'discord', roomId: request.channelId },
    {
      id: request.userId,
      canManage: async () =>
        discordCanManage(request.permissions, request.roleIds, await teamManageRole(deps.db, team.id)),
    },
  );
  const values: Record<string, RawValue> = {};
  for (const option of request.options) if (option.value !== undefined) values[option.name] = option.value;
  const reply = await executeCommand(ctx, request.commandName, { values });
  const messages = renderDiscord(reply) as Answer['messages'];
  return { ctx, teamId: team.id, reply, messages };
}

/** Posts the answer in place of the deferral (and opens its discussion): waits on Discord, outside the queue. */
async function deliver(
  deps: DiscordCommandDeps,
  request: DiscordCommandRequest,
  { ctx, teamId, reply, messages }: Answer,
  responder: DiscordResponder,
): Promise<Reply> {
  const [first, ...rest] = messages;
  if (reply.kind === 'error' || reply.private) {
    await responder.deleteOriginal();
    for (const message of [first, ...rest]) await responder.followUp(message, true);
    return reply;
  }
  const posted = await responder.editOriginal(first);
  for (const message of rest) await responder.followUp(message, false);
  if (findCommand(ctx.commands, request.commandName)?.discussable) {
    await afterDelivery(deps.queue, () =>
      startDiscussion(ctx, deps.poster, { teamId, roomId: request.channelId, messageRef: posted.id }, reply),
    );
  }
  return reply;
}
