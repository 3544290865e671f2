import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { truncate } from '../../core/format/text-width.js';
import type { Reply, ReplyAction } from '../../core/reply.js';
import { encodeAction } from '../chat-actions.js';
import { groupWithin, mergeChunks, packLines, sectionChunks } from '../chat-text.js';

// A Reply as Discord messages: embeds plus PNG attachments. Discord rejects a message over its limits, so
// everything is cut or split here, and a reply too long even for several messages is shortened with a note.

export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  embedsPerMessage: 10,
  /** More than this many messages for one reply is noise in a channel: the rest is summarised. */
  messagesPerReply: 4,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  customId: 100,
  buttonLabel: 80,
  /** Bytes per attached file in a server without boosts. */
  attachmentBytes: 10 * 1024 * 1024,
} as const;

export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export type DiscordButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

export interface DiscordMessagePayload {
  embeds: APIEmbed[];
  files: DiscordFile[];
  /** The reply's buttons, on its last message. */
  components?: DiscordButtonRow[];
}

const COLOR = { result: 0x5865f2, error: 0xed4245 } as const;
const bold = (text: string) => `**${text}**`;

export function renderDiscord(input: Reply): DiscordMessagePayload[] {
  const reply = withinAttachmentLimit(input);
  const color = COLOR[reply.kind];
  const { main, overflow } = mainEmbed(reply, color);
  const textChunks = mergeChunks(
    [
      ...packLines(overflow, DISCORD_LIMITS.description),
      ...(reply.sections ?? []).flatMap((section) => sectionChunks(section, bold, DISCORD_LIMITS.description)),
    ],
    DISCORD_LIMITS.description,
  );
  const embeds: APIEmbed[] = [main, ...textChunks.map((description) => ({ color, description }))];
  const images = reply.images ?? [];
  for (const image of images) {
    embeds.push({ color, description: truncate(image.alt, 300), image: { url: `attachment://${image.name}` } });
  }
  const footer = footerText(reply);
  const last = embeds.at(-1) as APIEmbed;
  if (footer) last.footer = { text: truncate(footer, DISCORD_LIMITS.embedTotal - embedLength(last)) };
  const groups = shorten(
    groupWithin(embeds, DISCORD_LIMITS.embedsPerMessage, DISCORD_LIMITS.embedTotal, embedLength),
    color,
  );
  // Other files (exports) are attachments of the first message, shown below its embeds.
  const files = (reply.files ?? []).map((file) => ({
    name: file.name,
    data: Buffer.from(file.data),
    contentType: file.contentType,
  }));
  const rows = buttonRows(reply.actions ?? []);
  return groups.map((group, index) => ({
    ...(rows.length && index === groups.length - 1 ? { components: rows } : {}),
    embeds: group,
    files: [
      ...images
        .filter((image) => group.some((embed) => embed.image?.url === `attachment://${image.name}`))
        .map((image) => ({ name: image.name, data: Buffer.from(image.png), contentType: 'image/png' })),
      ...(index === 0 ? files : []),
    ],
  }));
}

/** A file Discord would refuse (413) is left out, and the reply says which and where to get it. */
function withinAttachmentLimit(reply: Reply): Reply {
  const files = reply.files ?? [];
  const tooLarge = files.filter((file) => file.data.length > DISCORD_LIMITS.attachmentBytes);
  if (tooLarge.length === 0) return reply;
  const names = tooLarge.map((file) => file.name).join(', ');
  return {
    ...reply,
    files: files.filter((file) => !tooLarge.includes(file)),
    fields: [
      ...(reply.fields ?? []),
      {
        label: 'Not attached',
        value: `${names}: over Discord's 10 MiB per file. \`tubepilot export\` on the command line writes it.`,
      },
    ],
  };
}

/**
 * Buttons in rows of five. A button whose command does not fit in a custom_id is left out (its command
 * line is still in the footer's next steps), and so are buttons beyond five rows.
 */
function buttonRows(actions: readonly ReplyAction[]): DiscordButtonRow[] {
  const L = DISCORD_LIMITS;
  const buttons: APIButtonComponentWithCustomId[] = actions
    .map((action) => ({ action, customId: encodeAction(action) }))
    .filter(({ customId }) => customId.length <= L.customId)
    .slice(0, L.buttonsPerRow * L.rowsPerMessage)
    .map(({ action, customId }) => ({
      type: ComponentType.Button,
      custom_id: customId,
      label: truncate(action.label, L.buttonLabel),
      style:
        action.style === 'primary'
          ? ButtonStyle.Primary
          : action.style === 'danger'
            ? ButtonStyle.Danger
            : ButtonStyle.Secondary,
    }));
  const rows: DiscordButtonRow[] = [];
  for (let start = 0; start < buttons.length; start += L.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(start, start + L.buttonsPerRow) });
  return rows;
}

/** The title embed with as many fields as fit; what does not fit comes back as lines of text. */
function mainEmbed(reply: Reply, color: number): { main: APIEmbed; overflow: string[] } {
  const title = truncate(reply.kind === 'error' ? `⚠️ ${reply.title}` : reply.title, DISCORD_LIMITS.title);
  const labels = reply.labels?.length ? reply.labels.map((label) => `\`${label}\``).join(' ') : '';
  const [description, ...restOfSummary] = packLines(
    [labels, reply.summary ?? ''].filter(Boolean),
    DISCORD_LIMITS.description,
  );
  const main: APIEmbed = { color, title, ...(description ? { description } : {}) };
  const overflow = [...restOfSummary];
  // The footer is added later, so leave room for it within the embed's 6,000 characters.
  let size = embedLength(main) + DISCORD_LIMITS.footer;
  const fields: APIEmbedField[] = [];
  for (const field of reply.fields ?? []) {
    const entry = {
      name: truncate(field.label, DISCORD_LIMITS.fieldName),
      value: truncate(field.value, DISCORD_LIMITS.fieldValue),
      inline: field.value.length <= 40,
    };
    const fits = fields.length < DISCORD_LIMITS.fields && size + entry.name.length + entry.value.length <= 6000;
    if (fits && field.value.length <= DISCORD_LIMITS.fieldValue) {
      fields.push(entry);
      size += entry.name.length + entry.value.length;
    } else overflow.push(...`${bold(field.label)}: ${field.value}`.split('\n'));
  }
  if (fields.length) main.fields = fields;
  return { main, overflow };
}

function footerText(reply: Reply): string | undefined {
  const parts: string[] = [];
  if (reply.followUps?.length)
    parts.push(`Next: ${reply.followUps.map((followUp) => `${followUp.command} (${followUp.label})`).join(' · ')}`);
  if (reply.errorId) parts.push(`Error id: ${reply.errorId}`);
  return parts.length ? truncate(parts.join('\n'), DISCORD_LIMITS.footer) : undefined;
}

/** Characters Discord counts toward an embed's 6,000 (title, description, fields, footer, author). */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Keeps the first messages and replaces the rest with one line saying what was left out. */
function shorten(groups: APIEmbed[][], color: number): APIEmbed[][] {
  const max = DISCORD_LIMITS.messagesPerReply;
  if (groups.length <= max) return groups;
  const kept = groups.slice(0, max);
  const omitted = groups.slice(max).reduce((sum, group) => sum + group.length, 0);
  const note: APIEmbed = {
    color,
    description: `…reply shortened: ${omitted} more part${omitted === 1 ? '' : 's'} not shown. The CLI's \`--json\` output has everything.`,
  };
  note.footer = groups.at(-1)?.at(-1)?.footer;
  const last = kept[max - 1] as APIEmbed[];
  const room = DISCORD_LIMITS.embedTotal - last.reduce((sum, embed) => sum + embedLength(embed), 0);
  if (last.length < DISCORD_LIMITS.embedsPerMessage && embedLength(note) <= room) last.push(note);
  else last[last.length - 1] = note;
  return kept;
}
