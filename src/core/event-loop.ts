/**
 * Lets timers and I/O run before the caller goes on. CPU work of tens of milliseconds (checking a batch of a bulk file,
 * draining an outbox backlog) yields between slices, so the requests the same process serves meanwhile are not held.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Rows of a bulk file checked or encoded between two yields: a row costs tens of microseconds, so a slice is a few
 * milliseconds and a 1,000-row batch no longer holds the loop for tens of them.
 */
export const ROWS_PER_SLICE = 128;

/** `f` of every item, in order, yielding to the event loop every ROWS_PER_SLICE items (encoding a batch's rows, say). */
export async function mapInSlices<T, R>(items: readonly T[], f: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  for (let k = 0; k < items.length; k++) {
    if (k % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    out.push(f(items[k]));
  }
  return out;
}
