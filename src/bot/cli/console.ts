import { readFileSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { errorReply, type Reply } from '../../core/reply.js';
import { runQueued, type WorkQueue } from '../../core/work-queue.js';
import type { CommandContext } from '../commands/command.js';
import { splitWords, UsageError } from '../commands/command-input.js';
import { executeCommand } from '../commands/execute-command.js';
import { renderTerminal } from './render-terminal.js';
import { saveReplyImages } from './save-images.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  /** A terminal gets a prompt, colours and history; a pipe gets one reply per line and ends at end of input. */
  interactive: boolean;
  /** Where images of replies are written. */
  imageDir: string;
  /** File that keeps the interactive history between runs. */
  historyFile?: string;
  /** Where each line waits its turn with work from elsewhere (CLI commands forwarded to this process). */
  queue?: WorkQueue;
  /** Aborted: stop reading after the line in progress (SIGTERM). */
  stopping?: AbortSignal;
}

/** The local chat: reads slash commands line by line and prints each reply. Returns how many replies were errors. */
export async function runConsole(ctx: CommandContext, options: ConsoleOptions): Promise<number> {
  const history = options.interactive && options.historyFile ? readHistory(options.historyFile) : [];
  const lines = createInterface({
    input: options.input,
    output: options.interactive ? options.output : undefined,
    terminal: options.interactive,
    history,
    historySize: 500,
  });
  if (options.stopping?.aborted) lines.close();
  else options.stopping?.addEventListener('abort', () => lines.close(), { once: true });
  let errors = 0;
  const prompt = () => options.interactive && lines.prompt();
  lines.setPrompt('tubepilot> ');
  prompt();
  for await (const line of lines) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit' || text === '/exit' || text === '/quit') break;
    if (text !== '' && !text.startsWith('#')) {
      if (options.interactive && options.historyFile)
        await appendFile(options.historyFile, `${text}\n`).catch(() => {});
      const reply = await runQueued(options.queue, () => answerLine(ctx, text));
      if (reply.kind === 'error') errors++;
      const imagePaths = await saveReplyImages(reply, options.imageDir);
      options.output.write(
        `${renderTerminal(reply, { color: options.interactive, imagePaths, width: terminalColumns(options.output) })}\n\n`,
      );
    }
    prompt();
  }
  lines.close();
  return errors;
}

/** One console line: `/stats channel:demo`, `stats demo` and `/help stats` all work. */
export async function answerLine(ctx: CommandContext, text: string): Promise<Reply> {
  let words: string[];
  try {
    words = splitWords(text);
  } catch (error) {
    if (error instanceof UsageError) return errorReply('Cannot read that line', error.message);
    throw error;
  }
  const [name = '', ...rest] = words;
  return executeCommand(ctx, name, { words: rest });
}

function readHistory(path: string): string[] {
  try {
    // readline wants the newest entry first.
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(-500).reverse();
  } catch {
    return [];
  }
}

/** The terminal's width where the output is one (a TTY stream knows its columns); undefined for pipes and files. */
function terminalColumns(output: Writable): number | undefined {
  const columns = (output as Writable & { columns?: unknown }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : undefined;
}
