import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { ensureChatTeam } from '../../core/channels/teams.js';
import { errorReply, type Reply } from '../../core/reply.js';
import { type ChatDeps, chatCommandContext } from '../chat-context.js';
import { startDiscussion } from '../chat-discussions.js';
import { findCommand } from '../commands/command-catalog.js';
import { splitWords, UsageError } from '../commands/command-input.js';
import { executeCommand, unexpectedErrorReply } from '../commands/execute-command.js';
import { renderSlack } from './render-slack.js';
import { slackCanManage } from './slack-permissions.js';
import { SlackPoster } from './slack-poster.js';

// `/tubepilot <command> <options>`: one Slack slash command with the registry's commands as subcommands.
// Slack apps declare each slash command by hand in the app manifest and the names are global to a
// workspace (`/stats` would clash with other apps), so one command that takes the console's syntax
// (`/tubepilot analyze video:abc`, `/tubepilot stats demo`) keeps every registry command available
// without touching the manifest when commands are added.

export const SLACK_COMMAND = '/tubepilot';

const NOT_IN_CHANNEL = new Set(['not_in_channel', 'channel_not_found']);

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
  const answerPrivately = async (reply: Reply) => {
    for (const message of renderSlack(reply).messages) await respond({ response_type: 'ephemeral', ...message });
    return reply;
  };
  let words: string[];
  try {
    words = splitWords(command.text);
  } catch (error) {
    if (error instanceof UsageError) return answerPrivately(errorReply('Cannot read that command', error.message));
    throw error;
  }
  const [name = 'help', ...rest] = words;
  try {
    const team = await ensureChatTeam(deps.db, 'slack', command.team_id, command.team_domain || command.team_id);
    const ctx = chatCommandContext(
      deps,
      team,
      { platform: 'slack', roomId: command.channel_id },
      // Asked only by commands that need it: the look-up costs two Web API calls.
      { id: command.user_id, canManage: () => slackCanManage(client, command.user_id, team.manageRole) },
    );
    const reply = await executeCommand(ctx, name, { words: rest });
    if (reply.kind === 'error' || reply.private) return answerPrivately(reply);
    const poster = new SlackPoster(client);
    let posted: Awaited<ReturnType<SlackPoster['postToRoom']>>;
    try {
      posted = await poster.postToRoom(command.channel_id, reply);
    } catch (error) {
      if (!NOT_IN_CHANNEL.has(slackErrorCode(error) ?? '')) throw error;
      // The bot may not post where it was not invited; the response URL still reaches the channel.
      for (const message of renderSlack(reply).messages) await respond({ response_type: 'in_channel', ...message });
      await answerPrivately(
        errorReply('Invite TubePilot for charts and threads', 'TubePilot is not a member of this channel.', {
          fields: [{ label: 'What to do', value: 'Type /invite @TubePilot here.' }],
        }),
      );
      return reply;
    }
    if (findCommand(ctx.commands, name)?.discussable) {
      await startDiscussion(
        ctx,
        poster,
        { teamId: team.id, roomId: command.channel_id, messageRef: posted.messageRef },
        reply,
      );
    }
    return reply;
  } catch (error) {
    return answerPrivately(unexpectedErrorReply(deps.log, error, name, deps.config.DATABASE_URL));
  }
}

/** The `error` code of a failed Web API call (`not_in_channel`…), when it is one. */
function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
