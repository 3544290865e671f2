import { AsyncLocalStorage } from 'node:async_hooks';

// When a team has several channels and a command names none, the team's default is used, and the reply
// must say so. Commands resolve their channel in many places, so the resolution records it here, for the
// run it belongs to, and the command runner adds the note: no command has to remember to.

const uses = new AsyncLocalStorage<{ name?: string }>();

/** Runs `work` and returns its result with the channel it used without being told which (if any). */
export async function trackImplicitChannel<T>(work: () => Promise<T>): Promise<{ result: T; implicit?: string }> {
  const use: { name?: string } = {};
  const result = await uses.run(use, work);
  return { result, implicit: use.name };
}

/** Records that the current run used the channel `name` because none was given. */
export function recordImplicitChannel(name: string): void {
  const use = uses.getStore();
  if (use && use.name === undefined) use.name = name;
}
