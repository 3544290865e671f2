/**
 * A computation in steps: it yields where it may pause and returns its result. Long analyses are written so, once,
 * and run either at once (`finish`) or spread over turns of the event loop (work-queue.ts, `inTurns`), so that a
 * background job computing one does not hold the loop for its whole length.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to their end at once and returns their result. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}
