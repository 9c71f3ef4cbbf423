import { SegmentValidationError } from './errors.js';

// A zone is required: a zone-less string would be read in the server's local time and move
// the instant of a historical import by hours.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

// Formatting a Date costs more than the rest of a track() call's bookkeeping; calls that land
// in the same millisecond share one string, and a new millisecond only rewrites the seconds and
// milliseconds after the minute's prefix (toISOString once a minute: 0.5 µs becomes 0.04 µs).
let lastMillis = -1;
let lastIso = '';
let minute = -1;
let minutePrefix = '';

/** Now as ISO-8601 UTC with milliseconds, exactly as `new Date().toISOString()` writes it. */
export function nowIso(millis: number = Date.now()): string {
  if (millis !== lastMillis) {
    lastMillis = millis;
    const minuteOf = Math.floor(millis / 60_000);
    if (minuteOf !== minute) {
      minute = minuteOf;
      // `YYYY-MM-DDTHH:MM:` (the year stays four digits until 9999).
      minutePrefix = new Date(minuteOf * 60_000).toISOString().slice(0, 17);
    }
    const rest = millis - minuteOf * 60_000;
    const seconds = Math.floor(rest / 1000);
    const ms = rest % 1000;
    lastIso = `${minutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${ms < 100 ? (ms < 10 ? '00' : '0') : ''}${ms}Z`;
  }
  return lastIso;
}

/** The caller's timestamp as ISO-8601 UTC with milliseconds, or now. */
export function toIsoTimestamp(value: unknown): string {
  if (value === undefined) return nowIso();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new SegmentValidationError('timestamp', 'timestamp is an invalid Date.');
    return value.toISOString();
  }
  if (typeof value === 'string') {
    if (!ISO_WITH_ZONE.test(value)) {
      throw new SegmentValidationError(
        'timestamp',
        `timestamp must be an ISO-8601 string with a zone, such as 2024-05-01T12:00:00Z or 2024-05-01T14:00:00+02:00; got "${value.slice(0, 40)}".`,
      );
    }
    const millis = Date.parse(
      value
        .replace(',', '.')
        .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
        .replace(/([+-]\d{2})$/, '$1:00'),
    );
    if (Number.isNaN(millis)) throw new SegmentValidationError('timestamp', `timestamp "${value.slice(0, 40)}" is not a real date and time.`);
    return new Date(millis).toISOString();
  }
  throw new SegmentValidationError('timestamp', `timestamp must be a Date or an ISO-8601 string; got ${typeof value}.`);
}
