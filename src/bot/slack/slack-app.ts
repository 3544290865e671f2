import { formatWithOptions } from 'node:util';
import { App, LogLevel, type RespondFn, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/logger.js';
import { runQueued } from '../../core/work-queue.js';
import { decodeAction, isDiscussButton } from '../chat-actions.js';
import type { ChatDeps } from '../chat-context.js';
import { answerDiscussClick, answerThreadMessage } from '../chat-discussions.js';
import type { Route } from '../http/http-server.js';
import { ReplayGuard } from '../http/replay-guard.js';
import { SLACK_ACTION_PREFIX } from './render-slack.js';
import {
  answerPrivately,
  runSlackCommand,
  runSlackRequest,
  SLACK_COMMAND,
  unknownButtonMessage,
} from './slack-commands.js';
import { SlackPoster, slackClientOptions } from './slack-poster.js';
import { SlackRouteReceiver } from './slack-receiver.js';

// The Slack app (Bolt). HTTP mode: signed requests arrive at a route of the bot's HTTP server
// (slack-receiver.ts). Socket Mode: Bolt holds a websocket to Slack, no public URL needed.

/** TubePilot's buttons (render-slack.ts); other apps' actions are not ours to answer. */
const SLACK_ACTION_PATTERN = new RegExp(`^${SLACK_ACTION_PREFIX}`);

export interface SlackBot {
  app: App;
  /** The route to mount in HTTP mode; undefined in Socket Mode (call `app.start()` instead). */
  route?: Route;
}

export function createSlackBot(deps: ChatDeps): SlackBot {
  const { config } = deps;
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set');
  const logger = boltLogger(deps.log);
  const clientOptions = slackClientOptions(config);
  let app: App;
  let route: Route | undefined;
  if (config.SLACK_MODE === 'socket') {
    if (!config.SLACK_APP_TOKEN) throw new Error('SLACK_MODE=socket needs SLACK_APP_TOKEN');
    app = new App({
      token: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      logger,
      clientOptions,
    });
  } else {
    if (!config.SLACK_SIGNING_SECRET) throw new Error('SLACK_MODE=http needs SLACK_SIGNING_SECRET');
    const receiver = new SlackRouteReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET,
      guard: new ReplayGuard(deps.db, deps.queue ? { queue: deps.queue } : {}),
      log: deps.log,
      ...(deps.queue ? { queue: deps.queue } : {}),
      ackReply: (body) => (body.command === SLACK_COMMAND ? workingOn(String(body.text ?? '')) : undefined),
    });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger, clientOptions });
    route = receiver.route;
  }
  app.command(SLACK_COMMAND, async ({ command, ack, respond, client }) => {
    // Slack wants the acknowledgement within 3 s (in HTTP mode the receiver has sent it already).
    await ack(workingOn(command.text));
    await runSlackCommand(deps, client, command, respond);
  });
  app.action(
    { type: 'block_actions', action_id: SLACK_ACTION_PATTERN },
    async ({ ack, body, action, client, respond }) => {
      await ack();
      // A button's click: the command it carries, run for the clicker as if typed (same checks in executeCommand).
      // Private answers (errors) go to the clicker as new ephemeral messages, leaving the buttons' message as is.
      const privately: RespondFn = (message) =>
        respond(typeof message === 'string' ? message : { replace_original: false, ...message });
      const teamId = body.team?.id ?? body.user.team_id;
      const messageTs = body.container?.message_ts ?? body.message?.ts;
      if (action.type === 'button' && isDiscussButton(action.value ?? '') && body.channel && teamId && messageTs) {
        const click = {
          platform: 'slack' as const,
          teamExternalId: teamId,
          ...(body.user.team_id ? { clickerTeamExternalId: body.user.team_id } : {}),
          roomId: body.channel.id,
          messageRef: String(messageTs),
        };
        // A Slack thread is the replies under the message the person just clicked.
        const reply = await runQueued(deps.queue, () =>
          answerDiscussClick(deps, new SlackPoster(client), click, () => 'the replies under this message'),
        );
        await answerPrivately(privately, reply);
        return;
      }
      const clicked = action.type === 'button' ? decodeAction(action.value ?? '') : null;
      if (!clicked || !body.channel || !teamId) {
        await privately({ response_type: 'ephemeral', ...unknownButtonMessage() });
        return;
      }
      const request = {
        teamId,
        teamName: body.team?.domain ?? teamId,
        channelId: body.channel.id,
        userId: body.user.id,
        name: clicked.command,
        input: { values: clicked.values },
      };
      await runSlackRequest(deps, client, request, privately);
    },
  );
  app.event('message', async ({ event, client, body }) => {
    // Only people's replies in a thread; bot messages and edits carry a subtype or a bot_id.
    if (event.subtype !== undefined || !('thread_ts' in event) || !event.thread_ts || event.thread_ts === event.ts)
      return;
    if ('bot_id' in event && event.bot_id) return;
    await answerThreadMessage(deps, new SlackPoster(client), {
      platform: 'slack',
      teamExternalId: body.team_id,
      roomId: event.channel,
      threadRef: event.thread_ts,
      text: event.text ?? '',
    });
  });
  app.error(async (error) => {
    deps.log.error({ err: error }, 'Slack handler failed');
  });
  return { app, ...(route ? { route } : {}) };
}

/** The acknowledgement of `/tubepilot …`: the answer follows through the Web API or the response URL. */
function workingOn(text: string) {
  return { response_type: 'ephemeral' as const, text: `⏳ Working on \`${SLACK_COMMAND} ${text}\`…` };
}

/** Bolt's logs through our pino logger (JSON on stderr, secrets redacted). */
function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  // Bolt logs a lot at debug level: format only what pino will write.
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      if (child.isLevelEnabled(method))
        child[method](formatWithOptions({ breakLength: Number.POSITIVE_INFINITY }, ...parts));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
