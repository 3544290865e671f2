import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/core/config.js';

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

  it('never echoes a long secret in full', () => {
    expect(() => loadConfig({ DEMO_SEED: 'x'.repeat(80) })).toThrow(/"x{40}…"/);
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
