import type { SegmentDurableOptions, DurableSettings } from '../../../lib/durable/durable-options.js';
import { resolveOptions } from '../../../lib/core/resolved-options.js';

/** `durable` as a client with this write key resolves it (throws its SegmentConfigError). */
export function durableSettings(durable: unknown, writeKey: string): DurableSettings {
  return resolveOptions({ writeKey, host: 'http://127.0.0.1:9', durable: durable as SegmentDurableOptions }).durable!;
}
