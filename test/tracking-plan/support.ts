import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SegmentMessage } from '../../lib/index.js';

export const PUBLIC_API_PLAN = fileURLToPath(new URL('../fixtures/tracking-plans/shop.public-api.json', import.meta.url));
export const V1_PLAN = fileURLToPath(new URL('../fixtures/tracking-plans/shop.v1.json', import.meta.url));

export function planJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** A built message, as the pipeline sees it. */
export function built(fields: Partial<SegmentMessage>): SegmentMessage {
  return { type: 'track', messageId: 'msg-1', timestamp: '2026-12-02T00:00:00.000Z', context: { library: { name: 'nestjs-segment', version: '0.0.0' } }, userId: 'u1', ...fields };
}
