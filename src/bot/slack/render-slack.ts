import type { types } from '@slack/bolt';
import { truncate } from '../../core/format/text-width.js';
import type { Reply, ReplyAction, ReplyImage } from '../../core/reply.js';
import { encodeAction } from '../chat-actions.js';
import { groupWithin, packLines, sectionChunks } from '../chat-text.js';

// A Reply as Slack Block Kit messages. Images are not blocks (an image block needs a public URL): the
// poster uploads them with files.uploadV2 into the message's thread. Slack rejects over-limit blocks, so
// everything is cut or split here.

type KnownBlock = types.KnownBlock;

export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  blocksPerMessage: 50,
  elementsPerActions: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  /** Fallback text for notifications. */
  text: 3000,
  messagesPerReply: 4,
} as const;

export interface SlackMessagePayload {
  text: string;
  blocks: KnownBlock[];
}

export interface SlackRendered {
  messages: SlackMessagePayload[];
  images: ReplyImage[];
}

const bold = (text: string) => `*${text}*`;
const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });

/** Every TubePilot button's action_id starts so: the app's one action listener matches it. */
export const SLACK_ACTION_PREFIX = 'tubepilot:';

/** Slack has one command, `/tubepilot`: a follow-up written as `/trends x` becomes `/tubepilot trends x`. */
export function slackCommandLine(command: string): string {
  return command.startsWith('/') && !command.startsWith('/tubepilot') ? `/tubepilot ${command.slice(1)}` : command;
}

export function renderSlack(reply: Reply): SlackRendered {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: truncate(reply.kind === 'error' ? `⚠️ ${reply.title}` : reply.title, SLACK_LIMITS.headerText),
      },
    },
  ];
  if (reply.labels?.length) {
    blocks.push({
      type: 'context',
      elements: reply.labels.slice(0, SLACK_LIMITS.contextElements).map((label) => mrkdwn(`_${label}_`)),
    });
  }
  const sectionOf = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(text) });
  if (reply.summary) blocks.push(...packLines(reply.summary.split('\n'), SLACK_LIMITS.sectionText).map(sectionOf));
  const fields = (reply.fields ?? []).map((field) =>
    truncate(`${bold(field.label)}\n${field.value}`, SLACK_LIMITS.fieldText),
  );
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.fieldsPerSection).map(mrkdwn) });
  }
  for (const section of reply.sections ?? []) {
    blocks.push({ type: 'divider' }, ...sectionChunks(section, bold, SLACK_LIMITS.sectionText).map(sectionOf));
  }
  const images = reply.images ?? [];
  if (images.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(truncate(`📊 ${images.map((image) => image.alt).join(' · ')} (in the thread)`, 3000))],
    });
  }
  const files = reply.files ?? [];
  if (files.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(truncate(`📎 ${files.map((file) => file.name).join(' · ')} (in the thread)`, 3000))],
    });
  }
  const footer = footerText(reply);
  if (footer) blocks.push({ type: 'context', elements: [mrkdwn(footer)] });

  const text = truncate([reply.title, reply.summary].filter(Boolean).join(': '), SLACK_LIMITS.text);
  const buttons = actionsBlock(reply.actions ?? []);
  // The buttons go last, under the footer, so room is kept for them in every message.
  const perMessage = SLACK_LIMITS.blocksPerMessage - (buttons ? 1 : 0);
  const groups = shorten(groupWithin(blocks, perMessage, Number.POSITIVE_INFINITY, () => 1));
  if (buttons) groups.at(-1)?.push(buttons);
  return { messages: groups.map((group) => ({ text, blocks: group })), images };
}

/** The reply's buttons; one whose command does not fit in a button's value is left out (the footer has it). */
function actionsBlock(actions: readonly ReplyAction[]): KnownBlock | undefined {
  const L = SLACK_LIMITS;
  const elements = actions
    .map((action) => ({ action, value: encodeAction(action) }))
    .filter(({ value }) => value.length <= L.buttonValue)
    .slice(0, L.elementsPerActions)
    .map(({ action, value }) => ({
      type: 'button' as const,
      action_id: truncate(`${SLACK_ACTION_PREFIX}${action.id}`, L.actionId),
      text: { type: 'plain_text' as const, text: truncate(action.label, L.buttonText) },
      value,
      ...(action.style ? { style: action.style } : {}),
    }));
  return elements.length ? { type: 'actions', elements } : undefined;
}

function footerText(reply: Reply): string | undefined {
  const parts: string[] = [];
  if (reply.followUps?.length) {
    const next = reply.followUps.map((followUp) => `\`${slackCommandLine(followUp.command)}\` (${followUp.label})`);
    parts.push(`Next: ${next.join(' · ')}`);
  }
  if (reply.errorId) parts.push(`Error id: \`${reply.errorId}\``);
  return parts.length ? truncate(parts.join('\n'), 3000) : undefined;
}

function shorten(groups: KnownBlock[][]): KnownBlock[][] {
  const max = SLACK_LIMITS.messagesPerReply;
  if (groups.length <= max) return groups;
  const omitted = groups.slice(max).reduce((sum, group) => sum + group.length, 0);
  const kept = groups.slice(0, max);
  const last = kept[max - 1] as KnownBlock[];
  const note: KnownBlock = {
    type: 'context',
    elements: [
      mrkdwn(`…reply shortened: ${omitted} more blocks not shown. The CLI's \`--json\` output has everything.`),
    ],
  };
  const tail = groups.at(-1)?.at(-1);
  // Keep the footer (next steps, error id) and say what was left out.
  last.splice(last.length - 2, 2, note, ...(tail?.type === 'context' ? [tail] : []));
  return kept;
}
