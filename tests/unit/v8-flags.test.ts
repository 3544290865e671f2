import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shortLivedV8Flags } from '../../src/bot/cli/v8-flags.js';

// V8 prints "Error: unrecognized flag" on stderr for a flag it does not know, on every command: the CLI sets only
// flags of the V8 it runs on (Node 22's V8 12 dropped --interrupt-budget).

const name = (flag: string) => flag.replace(/^--/, '').split('=')[0] as string;

describe('the CLI V8 flags', () => {
  it('are all known to the V8 of this Node', () => {
    const listed = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    const known = new Set([...listed.matchAll(/^\s*--([\w-]+) \(/gm)].map((match) => match[1]));
    expect(known.size).toBeGreaterThan(100);
    for (const flag of shortLivedV8Flags(process.versions.v8)) expect(known).toContain(name(flag));
  });

  it('give the JavaScript interrupt budget to V8 11 (Node 20) only: V8 12 counts invocations instead', () => {
    expect(shortLivedV8Flags('11.3.244.8-node.38').map(name)).toContain('interrupt-budget');
    for (const version of ['12.4.254.21-node.57', '13.6.233.17-node.63']) {
      expect(shortLivedV8Flags(version).map(name)).not.toContain('interrupt-budget');
    }
  });
});
