import { createHash } from 'node:crypto';

/**
 * A stable, UUID-shaped messageId from business keys, so that a retried business operation
 * (a re-run job, a redelivered webhook) is deduplicated by Segment instead of counted twice:
 * `messageIdFor('order', orderId, 'Order Completed')`. Name-based: SHA-256 of the parts,
 * laid out as an RFC 9562 version 8 UUID.
 */
export function messageIdFor(...parts: Array<string | number | bigint>): string {
  if (parts.length === 0) throw new TypeError('messageIdFor needs at least one business key.');
  // JSON keeps ('a,b') and ('a', 'b') apart, and 1 apart from '1'.
  const digest = createHash('sha256')
    .update(JSON.stringify(parts.map((part) => (typeof part === 'bigint' ? { bigint: part.toString() } : part))))
    .digest();
  digest[6] = (digest[6]! & 0x0f) | 0x80;
  digest[8] = (digest[8]! & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
