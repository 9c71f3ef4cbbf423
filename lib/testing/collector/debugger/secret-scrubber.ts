import { Redactor, basicAuthorization } from '../../../core/redactor.js';
import type { RecordedRequest } from '../recorded-request.js';

/** Enough for every client of a test run; the oldest is forgotten past it. */
const MAX_SECRETS = 256;

/**
 * Replaces the credentials requests presented (write keys, their Basic form, bearer tokens)
 * wherever they appear in what the debugger sends, so a message that happens to carry one,
 * or an answer that quotes one, still never shows it.
 */
export class SecretScrubber {
  private readonly known: string[] = [];
  private readonly redactor = new Redactor();

  remember(request: RecordedRequest): void {
    const { writeKey } = request;
    const authorization = request.headers.authorization;
    const secrets = [authorization, authorization?.replace(/^\S+\s+/, '')];
    if (writeKey !== undefined) secrets.push(writeKey, basicAuthorization(writeKey), basicAuthorization(writeKey).slice('Basic '.length));
    for (const secret of secrets) {
      if (secret === undefined || secret.length === 0 || this.known.includes(secret)) continue;
      this.known.push(secret);
      this.redactor.add(secret);
    }
    if (this.known.length > MAX_SECRETS) {
      for (const forgotten of this.known.splice(0, this.known.length - MAX_SECRETS)) this.redactor.remove(forgotten);
    }
  }

  /** A copy of `value` with every remembered secret redacted, in keys and in strings; unchanged parts are shared. */
  scrub<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redactor.redact(value);
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
      const scrubbedKey = this.redactor.redact(key);
      const scrubbed = this.walk(item);
      if (scrubbedKey !== key || scrubbed !== item) changed = true;
      return [scrubbedKey, scrubbed] as const;
    });
    return changed ? Object.fromEntries(entries) : value;
  }
}
