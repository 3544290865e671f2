import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { ensureChatTeam, teamManageRole } from '../../core/channels/teams.js';
import { errorReply, type Reply } from '../../core/reply.js';
import { afterDelivery, QueueClosedError, runQueuedThen } from '../../core/work-queue.js';
import { unknownButtonReply } from '../chat-actions.js';
import { type ChatDeps, chatCommandContext } from '../chat-context.js';
import { startDiscussion } from '../chat-discussions.js';
import type { CommandContext } from '../commands/command.js';
import { findCommand } from '../commands/command-catalog.js';
import { splitWords, UsageError } from '../commands/command-input.js';
import { type CommandInput, executeCommand, unexpectedErrorReply } from '../commands/execute-command.js';
import { renderSlack, type SlackMessagePayload } from './render-slack.js';
import { slackCanManage } from './slack-permissions.js';
import { SlackPoster } from './slack-poster.js';

// `/tubepilot <command> <options>`: one Slack slash command with the registry's commands as subcommands.
// Slack apps declare each slash command by hand in the app manifest and the names are global to a
// workspace (`/stats` would clash with other apps), so one command that takes the console's syntax
// (`/tubepilot analyze video:abc`, `/tubepilot stats demo`) keeps every registry command available
// without touching the manifest when commands are added.

export const SLACK_COMMAND = '/tubepilot';

const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found']);

/** One command to run for someone in a channel: typed (`/tubepilot …`) or a button's click. */
export interface SlackCommandRequest {
  teamId: string;
  teamName: string;
  channelId: string;
  userId: string;
  name: string;
  input: CommandInput;
}

/**
 * Runs one `/tubepilot` command after it was acknowledged: results are posted to the channel (with charts
 * and, for discussable commands, a thread); errors and private replies (secrets) go to the user alone through `respond`.
 */
export async function runSlackCommand(
  deps: ChatDeps,
  client: webApi.WebClient,
  command: SlashCommand,
  respond: RespondFn,
): Promise<Reply> {
  let words: string[];
  try {
    words = splitWords(command.text);
  } catch (error) {
    if (error instanceof UsageError)
      return answerPrivately(respond, errorReply('Cannot read that command', error.message));
    throw error;
  }
  const [name = 'help', ...rest] = words;
  return runSlackRequest(
    deps,
    client,
    {
      teamId: command.team_id,
      teamName: command.team_domain || command.team_id,
      channelId: command.channel_id,
      userId: command.user_id,
      name,
      input: { words: rest },
    },
    respond,
  );
}

/** A reply shown only to the person who asked (ephemeral, through the response URL). */
export async function answerPrivately(respond: RespondFn, reply: Reply): Promise<Reply> {
  for (const message of renderSlack(reply).messages) await respond({ response_type: 'ephemeral', ...message });
  return reply;
}

/**
 * Runs a command for a Slack user through executeCommand (its options and permission checks) in the bot's
 * queue, and answers after its turn (posting waits on Slack, not on this thread).
 */
export async function runSlackRequest(
  deps: ChatDeps,
  client: webApi.WebClient,
  request: SlackCommandRequest,
  respond: RespondFn,
): Promise<Reply> {
  try {
    return await runQueuedThen(
      deps.queue,
      () => answer(deps, client, request),
      (answered) => deliver(deps, client, request, answered, respond),
    );
  } catch (error) {
    // Shutting down: not the command's failure (Bolt logs it).
    if (error instanceof QueueClosedError) throw error;
    return answerPrivately(respond, unexpectedErrorReply(deps.log, error, request.name, deps.config.DATABASE_URL));
  }
}

interface Answer {
  ctx: CommandContext;
  teamId: number;
  reply: Reply;
}

async function answer(deps: ChatDeps, client: webApi.WebClient, request: SlackCommandRequest): Promise<Answer> {
  const team = await ensureChatTeam(deps.db, 'slack', request.teamId, request.teamName);
  const ctx = chatCommandContext(
    deps,
    team,
    { platform: 'slack', roomId: request.channelId },
    // Asked only by commands that need it: the look-up costs two Web API calls.
    {
      id: request.userId,
      canManage: async () => slackCanManage(client, request.userId, await teamManageRole(deps.db, team.id)),
    },
  );
  return { ctx, teamId: team.id, reply: await executeCommand(ctx, request.name, request.input) };
}

/** Results to the channel (with a discussion thread for discussable commands), errors and private replies to the asker. */
async function deliver(
  deps: ChatDeps,
  client: webApi.WebClient,
  request: SlackCommandRequest,
  { ctx, teamId, reply }: Answer,
  respond: RespondFn,
): Promise<Reply> {
  if (reply.kind === 'error' || reply.private) return answerPrivately(respond, reply);
  const poster = new SlackPoster(client);
  let posted: Awaited<ReturnType<SlackPoster['postToRoom']>>;
  try {
    posted = await poster.postToRoom(request.channelId, reply);
  } catch (error) {
    if (!NOT_IN_CHANNEL.has(slackErrorCode(error) ?? '')) throw error;
    // The bot may not post where it was not invited; the response URL still reaches the channel.
    for (const message of renderSlack(reply).messages) await respond({ response_type: 'in_channel', ...message });
    await answerPrivately(
      respond,
      errorReply('Invite TubePilot for charts, files and threads', 'TubePilot is not a member of this channel.', {
        fields: [{ label: 'What to do', value: 'Type /invite @TubePilot here.' }],
      }),
    );
    return reply;
  }
  if (findCommand(ctx.commands, request.name)?.discussable) {
    await afterDelivery(deps.queue, () =>
      startDiscussion(ctx, poster, { teamId, roomId: request.channelId, messageRef: posted.messageRef }, reply),
    );
  }
  return reply;
}

/** The answer to a click on a button that is not TubePilot's. */
export function unknownButtonMessage(): SlackMessagePayload {
  return renderSlack(unknownButtonReply(`\`${SLACK_COMMAND} help\``)).messages[0] as SlackMessagePayload;
}

/** The `error` code of a failed Web API call (`not_in_channel`…), when it is one. */
function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
