/**
 * Removes secrets (write key, its Basic form, bearer tokens) from text that is about to be
 * logged or reported, such as a server's response body. Secrets can be added later (tokens).
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    if (secret.length < 4) return;
    this.secrets.add(secret);
  }

  remove(secret: string): void {
    this.secrets.delete(secret);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join('[redacted]');
    }
    return result;
  }
}

/** The Basic Authorization value Segment expects: base64 of `writeKey:` (the colon matters). */
export function basicAuthorization(writeKey: string): string {
  return 'Basic ' + Buffer.from(writeKey + ':').toString('base64');
}
