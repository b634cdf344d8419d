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
