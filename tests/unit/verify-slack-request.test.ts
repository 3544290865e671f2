import fc from 'fast-check';
import { expect, it } from 'vitest';
import { verifySlackSignature } from '../../src/bot/slack/verify-slack-request.js';
import { slackSignature } from '../fakes/fake-slack.js';

// Slack's request signature as Slack computes it (the fake's slackSignature: HMAC-SHA256 over
// `v0:timestamp:body`): accepted as sent, refused once the body, the timestamp, the secret or the signature differ.

const secret = fc.string({ minLength: 1, maxLength: 40 });
const body = fc.string({ maxLength: 300 });
const timestampS = fc.integer({ min: 1_500_000_000, max: 2_500_000_000 });

function signed(signingSecret: string, text: string, at: number) {
  const headers = slackSignature(signingSecret, text, at);
  return { signature: headers['x-slack-signature'], timestamp: headers['x-slack-request-timestamp'] };
}

it('accepts a request signed with the secret over its exact body and timestamp', () => {
  fc.assert(
    fc.property(secret, body, timestampS, (key, text, at) => {
      const { signature, timestamp } = signed(key, text, at);
      expect(verifySlackSignature(key, signature, timestamp, text)).toBe(true);
    }),
  );
});

it('refuses a request whose body, timestamp or secret differs from what was signed', () => {
  fc.assert(
    fc.property(secret, body, timestampS, secret, body, timestampS, (key, text, at, otherKey, otherText, otherAt) => {
      const { signature, timestamp } = signed(key, text, at);
      fc.pre(otherKey !== key || otherText !== text || otherAt !== at);
      expect(verifySlackSignature(otherKey, signature, String(otherAt), otherText)).toBe(false);
      expect(verifySlackSignature(key, signature, timestamp, text)).toBe(true);
    }),
  );
});

it('refuses a signature changed in one hex digit, of another version, or missing', () => {
  fc.assert(
    fc.property(secret, body, timestampS, fc.nat(63), (key, text, at, position) => {
      const { signature, timestamp } = signed(key, text, at);
      const digit = signature[3 + position] as string;
      const changed = `${signature.slice(0, 3 + position)}${digit === '0' ? '1' : '0'}${signature.slice(4 + position)}`;
      expect(verifySlackSignature(key, changed, timestamp, text)).toBe(false);
      expect(verifySlackSignature(key, signature.replace('v0=', 'v1='), timestamp, text)).toBe(false);
      expect(verifySlackSignature(key, '', timestamp, text)).toBe(false);
      expect(verifySlackSignature(key, signature, '', text)).toBe(false);
    }),
  );
});
