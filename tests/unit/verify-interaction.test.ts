import { expect, it } from 'vitest';
import { InteractionVerifier } from '../../src/bot/discord/verify-interaction.js';
import { discordSigningKeys } from '../fakes/fake-discord.js';

// The verifier checks a loop turn's signatures together on its worker thread: each answer must still go to
// its own request, whatever the others in the batch are.

it('answers each of many checks made at once for its own request: signed ones pass, forged and malformed fail', async () => {
  const keys = discordSigningKeys();
  const forger = discordSigningKeys();
  const verifier = new InteractionVerifier(keys.publicKeyHex);
  const cases = Array.from({ length: 60 }, (_, index) => {
    const body = JSON.stringify({ id: String(index), type: 2 });
    const kind = ['signed', 'forged', 'other body', 'malformed'][index % 4] as string;
    const signature =
      kind === 'signed' || kind === 'other body'
        ? keys.sign('1700000000', kind === 'signed' ? body : `${body} `)
        : kind === 'forged'
          ? forger.sign('1700000000', body)
          : 'not hex';
    return { kind, check: verifier.verify(signature, '1700000000', body) };
  });
  const results = await Promise.all(cases.map(({ check }) => check));
  expect(results).toEqual(cases.map(({ kind }) => kind === 'signed'));
});
