import type { Command, OptionSpec } from './command.js';
import { closestName } from './did-you-mean.js';

// Turns what a person typed into option values and validates them against the declaration. The same code
// serves the console (`/stats channel:demo`, `/stats demo`) and the CLI (`stats --channel demo`).

export class UsageError extends Error {
  constructor(
    readonly command: Command | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type RawValue = string | number | boolean;

// Phones and Macs type “smart” quotes by default, and French keyboards « guillemets »: each opening quote
// and the quotes that may close it ("…" typed on iOS can come out “…”, ‘…’, „…“ or even ”…”).
const CLOSING_QUOTES: Record<string, string> = {
  '"': '"“”',
  "'": "'‘’",
  '“': '”“"',
  '”': '”“',
  '„': '“”',
  '‘': '’‘',
  '’': '’‘',
  '«': '»',
  '»': '«',
};
const APOSTROPHES = "'’";
const isLetter = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Splits a console line into words; quotes keep spaces (`title:"my video"`, `title:“my video”`). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const chars = [...line];
  let current = '';
  let quote: string | null = null;
  let quoteStart = 0;
  let inWord = false;
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string;
    // An apostrophe between letters ("don’t", "it's") is part of the word, never a quote.
    const apostrophe = APOSTROPHES.includes(char) && isLetter(chars[index - 1]) && isLetter(chars[index + 1]);
    if (quote) {
      if (apostrophe || !CLOSING_QUOTES[quote]?.includes(char)) current += char;
      else {
        // French typing puts (no-break) spaces inside guillemets: « ma chaîne » is "ma chaîne".
        if (quote === '«' || quote === '»') current = current.slice(0, quoteStart) + current.slice(quoteStart).trim();
        quote = null;
      }
    } else if (!apostrophe && char in CLOSING_QUOTES) {
      quote = char;
      quoteStart = current.length;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new UsageError(undefined, `unclosed ${quote} quote`);
  if (inWord) words.push(current);
  return words;
}

/** Reads `--name value`, `--name=value`, `name:value`, `--flag` and positional words into raw values. */
export function readArguments(command: Command, words: readonly string[]): Record<string, RawValue> {
  const values: Record<string, RawValue> = {};
  const assign = (name: string, value: RawValue) => {
    const key = findOptionName(command, name);
    if (key in values) throw new UsageError(command, `option "${key}" was given twice`);
    values[key] = value;
  };
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word.startsWith('--')) {
      const [name = '', inline] = splitOnce(word.slice(2), '=');
      const key = findOptionName(command, name);
      const kind = command.options[key]?.kind;
      if (inline !== undefined) assign(key, inline);
      else if (kind === 'boolean') assign(key, true);
      else {
        const next = words[index + 1];
        if (next === undefined || next.startsWith('--'))
          throw new UsageError(command, `option "--${key}" needs a value`);
        assign(key, next);
        index++;
      }
      continue;
    }
    const colon = word.indexOf(':');
    const candidate = colon > 0 ? word.slice(0, colon) : '';
    const positional = nextPositional(command, values);
    if (candidate && Object.hasOwn(command.options, candidate)) assign(candidate, word.slice(colon + 1));
    else if (positional) assign(positional, word);
    else throw new UsageError(command, `unexpected "${word}"`);
  }
  return values;
}

/** The option the next bare word fills: the first positional one not given yet. */
function nextPositional(command: Command, values: Record<string, RawValue>): string | undefined {
  const names = typeof command.positional === 'string' ? [command.positional] : (command.positional ?? []);
  return names.find((name) => !(name in values));
}

/** Converts raw values to each option's kind and validates them; every problem is reported at once. */
export function validateOptions(command: Command, raw: Record<string, RawValue>): Record<string, unknown> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    const value = raw[name];
    if (value === undefined && spec.required) {
      problems.push(`missing required option "${name}" (${spec.description})`);
      continue;
    }
    const converted = value === undefined ? undefined : convert(spec, value);
    if (converted instanceof Error) {
      problems.push(`option "${name}" ${converted.message}`);
      continue;
    }
    const parsed = spec.schema.safeParse(converted);
    if (parsed.success) result[name] = parsed.data;
    else problems.push(`option "${name}" ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  }
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(command.options, name)) problems.push(unknownOption(command, name));
  }
  if (problems.length > 0) throw new UsageError(command, problems.join('\n'));
  return result;
}

function convert(spec: OptionSpec, value: RawValue): unknown {
  switch (spec.kind) {
    case 'integer': {
      const number = typeof value === 'number' ? value : Number(String(value).replace(/_/g, ''));
      return Number.isFinite(number) && String(value).trim() !== ''
        ? number
        : new Error(`expects a whole number, got "${value}"`);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (/^(true|yes|on|1)$/i.test(String(value))) return true;
      if (/^(false|no|off|0)$/i.test(String(value))) return false;
      return new Error(`expects true or false, got "${value}"`);
    case 'choice':
      return spec.choices?.includes(String(value))
        ? String(value)
        : new Error(`must be one of ${spec.choices?.join(', ')}; got "${value}"`);
    default:
      return String(value);
  }
}

function findOptionName(command: Command, name: string): string {
  if (Object.hasOwn(command.options, name)) return name;
  throw new UsageError(command, unknownOption(command, name));
}

function unknownOption(command: Command, name: string): string {
  const known = Object.keys(command.options);
  if (known.length === 0) return `"${command.name}" takes no options; got "${name}"`;
  const closest = closestName(name, known);
  return `unknown option "${name}"${closest ? ` (did you mean "${closest}"?)` : ''}; known options: ${known.join(', ')}`;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
