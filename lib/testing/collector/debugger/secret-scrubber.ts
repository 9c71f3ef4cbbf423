import { basicAuthorization } from '../../../core/internals.js';
import type { RecordedRequest } from '../recorded-request.js';

/** Enough for every client of a test run; the oldest is forgotten past it. */
const MAX_SECRETS = 256;

/** Shorter strings are too likely to be ordinary text to be worth replacing. */
const MIN_SECRET_LENGTH = 4;

const REDACTED = '[redacted]';

/**
 * Replaces the credentials requests presented (write keys, their Basic form, bearer tokens)
 * wherever they appear in what the debugger sends, so a message that happens to carry one,
 * or an answer that quotes one, still never shows it.
 */
export class SecretScrubber {
  /** Arrival order, to forget the oldest. */
  private readonly known: string[] = [];
  /** Longest first, so a key that contains another key is replaced whole. */
  private longestFirst: string[] = [];
  /** The same secrets as they appear inside a JSON string. */
  private escaped: string[] = [];
  private lastSeen: string | undefined;

  remember(request: RecordedRequest): void {
    const { writeKey } = request;
    const authorization = request.headers.authorization;
    // A client sends the same credentials request after request.
    const seen = `${writeKey}\n${authorization}`;
    if (seen === this.lastSeen) return;
    this.lastSeen = seen;
    const candidates = [authorization, authorization?.replace(/^\S+\s+/, '')];
    if (writeKey !== undefined) candidates.push(writeKey, basicAuthorization(writeKey).slice('Basic '.length));
    const fresh = candidates.filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH && !this.known.includes(secret));
    if (fresh.length === 0) return;
    this.known.push(...new Set(fresh));
    this.known.splice(0, Math.max(0, this.known.length - MAX_SECRETS));
    this.longestFirst = [...this.known].sort((a, b) => b.length - a.length);
    this.escaped = this.longestFirst.map((secret) => JSON.stringify(secret).slice(1, -1));
  }

  /**
   * `JSON.stringify(value)`, with every remembered secret redacted in keys and strings. JSON
   * escapes character by character, so a secret inside a string shows in the JSON as its own
   * escaped form: the walk that redacts runs only when one is there.
   */
  json(value: unknown): string {
    const json = JSON.stringify(value);
    const carriesSecret = this.escaped.some((secret) => json.includes(secret));
    return carriesSecret ? JSON.stringify(this.walk(value)) : json;
  }

  private redact(text: string): string {
    let result = text;
    for (const secret of this.longestFirst) {
      if (result.includes(secret)) result = result.split(secret).join(REDACTED);
    }
    return result;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const scrubbed = this.walk(item);
        if (scrubbed !== item) (copy ??= value.slice())[index] = scrubbed;
      });
      return copy ?? value;
    }
    if (value === null || typeof value !== 'object') return value;
    let changed = false;
    const entries = Object.entries(value).map(([key, item]) => {
      const scrubbedKey = this.redact(key);
      const scrubbed = this.walk(item);
      if (scrubbedKey !== key || scrubbed !== item) changed = true;
      return [scrubbedKey, scrubbed] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
}
