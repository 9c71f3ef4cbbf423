/**
 * The auth server's clock as seen from here. A client assertion stamped with a skewed local
 * clock is refused (expired, or issued in the future), so `iat`/`exp` are stamped on this one.
 */
export class ServerClock {
  /** Server time minus local time, in ms; 0 until a response with a `Date` header arrived. */
  offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /**
   * Learns the offset from a response's `Date` header. The header has whole seconds, so the
   * server's instant is taken as mid-second, against the middle of the request's round trip:
   * the estimate is good to about half a second plus half the round trip.
   *
   * @returns the offset change in ms, 0 when the header is missing or unreadable.
   */
  learn(dateHeader: string | string[] | undefined, sentAt: number, receivedAt: number): number {
    const text = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
    const serverTime = text === undefined ? NaN : Date.parse(text);
    if (Number.isNaN(serverTime)) return 0;
    const offset = Math.round(serverTime + 500 - (sentAt + receivedAt) / 2);
    const change = offset - this.offsetMs;
    this.offsetMs = offset;
    return change;
  }
}
