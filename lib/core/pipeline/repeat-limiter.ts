/** Every how many occurrences a repeated line is logged again, with its count. */
const EVERY = 1_000;

/**
 * Decides when a line that may repeat at every call is logged: the first time for each key, then
 * once per thousand, so a broken event at thousands of calls per second cannot flood the log.
 * The counts are per client; `stats()` and `events$` still see every occurrence.
 */
export class RepeatLimiter {
  private readonly counts = new Map<string, number>();

  /** The occurrence's number when it should be logged, else undefined. */
  next(key: string): number | undefined {
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    return count === 1 || count % EVERY === 0 ? count : undefined;
  }
}
