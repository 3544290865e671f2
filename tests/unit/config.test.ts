import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';
import { configReference, configVariables } from '../../src/core/config-reference.js';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ DATA_DIR: './data', LOG_LEVEL: 'info', DEMO_SEED: 42 });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('accepts the three kinds of database', () => {
    expect(loadConfig({ DATABASE_URL: 'memory://' }).DATABASE_URL).toBe('memory://');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('lists every malformed variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEMO_SEED: '4.5' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^DATABASE_URL: expected memory:\/\/ or a postgres:\/\/.* \(got "mysql:\/\/x"\)$/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL: .*"loud"/);
    expect(problems.join('\n')).toMatch(/DEMO_SEED: expected an integer/);
    expect((error as Error).message).toMatch(/^Invalid configuration:\n {2}- DATABASE_URL/);
  });

  it('has no import size limit unless one is set, in whole MiB', () => {
    expect(loadConfig({}).IMPORT_MAX_FILE_MIB).toBe(0);
    expect(loadConfig({ IMPORT_MAX_FILE_MIB: '512' }).IMPORT_MAX_FILE_MIB).toBe(512);
    expect(() => loadConfig({ IMPORT_MAX_FILE_MIB: '-1' })).toThrow(/IMPORT_MAX_FILE_MIB: .*\(got "-1"\)/);
    expect(() => loadConfig({ IMPORT_MAX_FILE_MIB: '1.5' })).toThrow(
      /IMPORT_MAX_FILE_MIB: expected a whole number of MiB/,
    );
  });

  it('never echoes a long value in full, nor any part of a secret', () => {
    expect(() => loadConfig({ DEMO_SEED: 'x'.repeat(80) })).toThrow(/"x{40}…"/);
    const problem = (() => {
      try {
        loadConfig({ DISCORD_TOKEN: 'tok-abcdef', DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: 'sekrit-key' });
      } catch (error) {
        return (error as ConfigError).message;
      }
    })();
    expect(problem).toContain('DISCORD_PUBLIC_KEY: expected 64 hex characters');
    expect(problem).not.toContain('tok-abcdef');
  });
});

describe('settings that depend on each other', () => {
  it('refuses each platform mode without its partner settings, in one message', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ DISCORD_TOKEN: 't', DISCORD_MODE: 'http', SLACK_BOT_TOKEN: 'xoxb-1', YOUTUBE_CLIENT_ID: 'id' });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems).toEqual([
      'DISCORD_PUBLIC_KEY: required when DISCORD_MODE=http (it verifies the interactions Discord signs) (missing)',
      'DISCORD_APPLICATION_ID: required when DISCORD_MODE=http (missing)',
      'SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set in SLACK_MODE=http (it verifies what Slack sends) (missing)',
      'YOUTUBE_CLIENT_SECRET: required when YOUTUBE_CLIENT_ID is set (missing)',
    ]);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_MODE: 'socket' })).toThrow(
      'SLACK_APP_TOKEN: required when SLACK_MODE=socket',
    );
  });

  it('accepts each mode with its partners, and modes of platforms that are off', () => {
    const key = 'ab'.repeat(32);
    expect(() =>
      loadConfig({ DISCORD_TOKEN: 't', DISCORD_MODE: 'http', DISCORD_PUBLIC_KEY: key, DISCORD_APPLICATION_ID: '1' }),
    ).not.toThrow();
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' })).not.toThrow();
    expect(() => loadConfig({ DISCORD_MODE: 'http', SLACK_MODE: 'socket' })).not.toThrow();
  });
});

describe('the configuration reference', () => {
  it('describes every variable, and docs/configuration.md is the one generated from the schema', async () => {
    for (const variable of configVariables()) expect(variable.description, variable.name).toBeTruthy();
    const onDisk = await readFile(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    // If this fails: run `npm run docs:config` and commit docs/configuration.md.
    expect(onDisk).toBe(configReference());
  });
});

describe('chat platform configuration', () => {
  it('defaults to the Discord gateway and Slack HTTP mode, and checks the Discord public key', () => {
    expect(loadConfig({})).toMatchObject({ DISCORD_MODE: 'gateway', SLACK_MODE: 'http' });
    const key = 'ab'.repeat(32);
    expect(loadConfig({ DISCORD_PUBLIC_KEY: key, DISCORD_MODE: 'http' })).toMatchObject({ DISCORD_PUBLIC_KEY: key });
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: 'not-hex', SLACK_MODE: 'websocket' })).toThrow(
      /DISCORD_PUBLIC_KEY: expected 64 hex characters[\s\S]*SLACK_MODE/,
    );
  });
});
