import { createHash } from 'node:crypto';

/**
 * A short name for a write key that tells clients apart without revealing the key: the first
 * 8 hex characters of its SHA-256 (`printf %s "$KEY" | sha256sum | cut -c1-8` gives the same).
 */
export function writeKeyFingerprint(writeKey: string): string {
  return createHash('sha256').update(writeKey, 'utf8').digest('hex').slice(0, 8);
}
