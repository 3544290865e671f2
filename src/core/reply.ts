// A Reply is what every command returns: platform-neutral data. Each surface (terminal, JSON, and later
// Discord and Slack) renders it; no command knows where it is shown.

export interface ReplyField {
  label: string;
  value: string;
}

export interface ReplyTable {
  columns: string[];
  /** Already formatted cells; `data` on the Reply carries the raw numbers. */
  rows: string[][];
  /** Columns to right-align (numbers). */
  numeric?: number[];
}

export interface ReplySection {
  heading: string;
  text?: string;
  list?: string[];
  table?: ReplyTable;
}

export interface ReplyImage {
  /** File name, e.g. "views.png". */
  name: string;
  png: Uint8Array;
  alt: string;
}

/** A file for the user to download (e.g. a CSV export): an attachment in chat, a file on the command line. */
export interface ReplyFile {
  name: string;
  data: Uint8Array;
  /** MIME type, e.g. "text/csv; charset=utf-8". */
  contentType: string;
  description: string;
}

export interface FollowUp {
  label: string;
  /** The command line that does it, e.g. "/stats channel:demo". */
  command: string;
}

/**
 * A button under the reply that runs a command, as if typed, by whoever clicks it: the same validation and
 * permission checks (executeCommand). Surfaces without buttons show `followUps` instead.
 */
export interface CommandAction extends ButtonBase {
  /** Command name without the slash, e.g. "script". */
  command: string;
  options: Record<string, string | number | boolean>;
}

interface ButtonBase {
  /** Short and unique within the reply, e.g. "approve". */
  id: string;
  label: string;
  style?: 'primary' | 'danger';
}

/** A button that opens the discussion thread offered on its own message (core/chat/discussions.ts). */
export interface DiscussAction extends ButtonBase {
  id: 'discuss';
  discuss: true;
}

export type ReplyAction = CommandAction | DiscussAction;

export interface Reply {
  kind: 'result' | 'error';
  title: string;
  summary?: string;
  /** Short tags shown next to the title, such as "demo data". */
  labels?: string[];
  fields?: ReplyField[];
  sections?: ReplySection[];
  images?: ReplyImage[];
  files?: ReplyFile[];
  followUps?: FollowUp[];
  /** Buttons in chat (Discord components, Slack Block Kit actions). */
  actions?: ReplyAction[];
  /** Machine-readable result for `--json` and integrations. */
  data?: unknown;
  /**
   * The team's YouTube channel the reply is about, as the command resolved it: a discussion thread opened on
   * the reply is tied to it without looking it up again. Not shown.
   */
  channel?: { id: number; name: string };
  /** Id of the log entry of an unexpected error, for the user to quote. */
  errorId?: string;
  /** Shown only to the person who asked (it carries a secret shown once, such as a new API token). */
  private?: boolean;
}

export function errorReply(title: string, summary: string, extra: Partial<Reply> = {}): Reply {
  return { kind: 'error', title, summary, ...extra };
}
