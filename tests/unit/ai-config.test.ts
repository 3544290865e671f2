import { describe, expect, it } from 'vitest';
import { llmEnabled, supportsStrictSchema } from '../../src/core/ai/groq-client.js';
import { ConfigError, loadConfig } from '../../src/core/config.js';
import { memoryLog } from '../support/command-context.js';

describe('AI writer configuration', () => {
  it('defaults to a current Groq model, offline until a key is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      GROQ_BASE_URL: 'https://api.groq.com',
      GROQ_MODEL: 'openai/gpt-oss-120b',
      GROQ_TIMEOUT_MS: 30_000,
      GROQ_MAX_RETRIES: 2,
      LLM_DAILY_TOKEN_BUDGET: 500_000,
      LLM_CACHE_HOURS: 24,
    });
    expect(llmEnabled(config)).toBe(false);
    expect(llmEnabled(loadConfig({ GROQ_API_KEY: 'gsk_x' }))).toBe(true);
    expect(llmEnabled(loadConfig({ GROQ_API_KEY: 'gsk_x', LLM_DAILY_TOKEN_BUDGET: '0' }))).toBe(false);
    expect(supportsStrictSchema(config.GROQ_MODEL)).toBe(true);
    expect(supportsStrictSchema('qwen/qwen3.6-27b')).toBe(false);
  });

  it('names malformed Groq settings', () => {
    expect(() => loadConfig({ GROQ_BASE_URL: 'api.groq.com', GROQ_MAX_RETRIES: '-1' })).toThrow(ConfigError);
    try {
      loadConfig({ GROQ_BASE_URL: 'api.groq.com', GROQ_MAX_RETRIES: '-1' });
    } catch (error) {
      expect((error as ConfigError).problems.map((problem) => problem.split(':')[0])).toEqual([
        'GROQ_BASE_URL',
        'GROQ_MAX_RETRIES',
      ]);
    }
  });

  it('never logs the API key', () => {
    const { lines, log } = memoryLog();
    log.info({ GROQ_API_KEY: 'gsk_secret_1', config: { GROQ_API_KEY: 'gsk_secret_2' } }, 'config');
    expect(JSON.stringify(lines)).not.toContain('gsk_secret');
  });
});
