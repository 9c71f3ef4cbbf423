import { SegmentCollector } from '../../../lib/testing/index.js';
import type { SegmentModuleOptions } from '../../../lib/index.js';
import { RecordingLogger } from '../../support/recording-logger.js';

export const WRITE_KEY = 'wk_nest_test_0123456789';

/** A started collector; stop it in afterEach/afterAll. */
export async function startCollector(): Promise<SegmentCollector> {
  const collector = new SegmentCollector();
  await collector.start();
  return collector;
}

/** Client options that send to the collector quickly; override anything. */
export function optionsFor(collector: SegmentCollector, overrides: Partial<SegmentModuleOptions> = {}): SegmentModuleOptions {
  return { writeKey: WRITE_KEY, host: collector.url, flushInterval: 5, logger: new RecordingLogger(), ...overrides };
}

/** The write key each collected message was sent with, by messageId. */
export function writeKeysByMessageId(collector: SegmentCollector): Map<string, string | undefined> {
  const keys = new Map<string, string | undefined>();
  for (const request of collector.requests) {
    for (const message of request.messages) keys.set(String(message.messageId), request.writeKey);
  }
  return keys;
}
