import type { INestApplicationContext } from '@nestjs/common';
import { SegmentService, type SegmentUserResolver } from '../../../../lib/index.js';
import type { CollectedMessage, SegmentCollector } from '../../../../lib/testing/index.js';

/** A user resolver that counts its runs: the request context is computed once per request, or it is not. */
export interface CountingUser {
  readonly resolver: SegmentUserResolver;
  readonly calls: number;
}

export function countingUser(): CountingUser {
  const counter = {
    calls: 0,
    resolver: ((request) => {
      counter.calls++;
      const id = request.headers['x-user-id'];
      return typeof id === 'string' ? { userId: id } : undefined;
    }) as SegmentUserResolver,
  };
  return counter;
}

/** Flushes the app's default client and returns what the collector accepted. */
export async function delivered(app: INestApplicationContext, collector: SegmentCollector): Promise<readonly CollectedMessage[]> {
  await app.get(SegmentService).flush();
  return collector.messages;
}

/** The messages of one event name. */
export function named(messages: readonly CollectedMessage[], event: string): CollectedMessage[] {
  return messages.filter((message) => message.event === event);
}

/** The headers a browser-like client sends, and the context fields they must give. */
export const BROWSER = { 'user-agent': 'Mozilla/5.0 (contexts)', 'accept-language': 'fr-CH, fr;q=0.9', 'x-user-id': 'user-7' };
