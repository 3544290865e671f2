/**
 * Aborted on the first SIGTERM or SIGINT, so a long-running process stops taking work and shuts down
 * cleanly (a process manager's stop, Ctrl+C). A second signal while it shuts down stops it at once.
 */
export function shutdownSignal(say: (line: string) => void): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      say(`${signal} again: stopping at once.`);
      process.exit(1);
    }
    say(`${signal}: finishing the work in progress, then stopping…`);
    controller.abort(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller.signal;
}
