import { z } from 'zod';
import { configShape, SECRET_KEYS } from './config.js';

// docs/configuration.md, generated from the one configuration schema so the reference cannot drift from what is
// validated: `npm run docs:config` writes it, and a test fails when the file is stale or a variable undescribed.

interface VariableDoc {
  name: string;
  description: string | undefined;
  defaultValue: unknown;
  choices: readonly unknown[] | undefined;
}

export function configVariables(): VariableDoc[] {
  return Object.entries(configShape).map(([name, schema]) => {
    const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
      description?: string;
      default?: unknown;
      enum?: unknown[];
    };
    return { name, description: json.description, defaultValue: json.default, choices: json.enum };
  });
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function configReference(): string {
  const rows = configVariables().map(({ name, description, defaultValue, choices }) => {
    const shownDefault = defaultValue === undefined ? 'unset' : `\`${String(defaultValue)}\``;
    const notes = [
      description ?? '',
      choices ? `one of ${choices.map((choice) => `\`${String(choice)}\``).join(', ')}` : '',
      SECRET_KEYS.has(name) ? 'secret: never logged or echoed' : '',
    ].filter(Boolean);
    return `| \`${name}\` | ${shownDefault} | ${cell(notes.join('; '))} |`;
  });
  return [
    '# Configuration',
    '',
    '<!-- Generated from src/core/config.ts by `npm run docs:config`; edit the schema, not this file. -->',
    '',
    'Environment variables (or a `.env` file; the environment wins), validated together at start: a bad or',
    'missing value stops TubePilot with one message listing every problem, including settings that need a partner',
    '(Slack in HTTP mode needs `SLACK_SIGNING_SECRET`; Discord in HTTP mode needs `DISCORD_PUBLIC_KEY` and',
    '`DISCORD_APPLICATION_ID`; a YouTube client id needs its secret).',
    '',
    '| variable | default | meaning |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
