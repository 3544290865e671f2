import { describe, expect, it } from 'vitest';
import { chartRendererFor } from '../../src/core/charts/choose-renderer.js';
import { ConfigError, loadConfig } from '../../src/core/config.js';
import { duePolicyFrom } from '../../src/jobs/cycle-scheduler.js';

describe('digest configuration', () => {
  it('defaults: local charts, 6 h catch-up, 30 min lease, 3 attempts', () => {
    const config = loadConfig({});
    expect(config.QUICKCHART_URL).toBeUndefined();
    expect(duePolicyFrom(config)).toEqual({ catchupHours: 6, leaseMinutes: 30, maxAttempts: 3 });
    expect(chartRendererFor(config).description).toMatch(/^local/);
  });

  it('takes a QuickChart server and the digest rules from the environment', () => {
    const config = loadConfig({
      QUICKCHART_URL: 'http://127.0.0.1:3400',
      DIGEST_CATCHUP_HOURS: '2',
      DIGEST_LEASE_MINUTES: '10',
      DIGEST_MAX_ATTEMPTS: '5',
    });
    expect(chartRendererFor(config).description).toBe('quickchart 127.0.0.1:3400');
    expect(duePolicyFrom(config)).toEqual({ catchupHours: 2, leaseMinutes: 10, maxAttempts: 5 });
  });

  it('rejects a QuickChart value that is not a URL and a catch-up window of a day or more', () => {
    let error: unknown;
    try {
      loadConfig({ QUICKCHART_URL: 'quickchart.io', DIGEST_CATCHUP_HOURS: '24', DIGEST_MAX_ATTEMPTS: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/QUICKCHART_URL: expected an http\(s\):\/\/ URL/);
    expect(problems).toMatch(/DIGEST_CATCHUP_HOURS: /);
    expect(problems).toMatch(/DIGEST_MAX_ATTEMPTS: /);
  });
});
