import { SegmentService } from './segment.service.js';

/**
 * The injection token of a client: the `SegmentService` class for the default (unnamed)
 * client, a string for a named one. Use it with `overrideProvider()` in tests.
 */
export function getSegmentToken(name?: string): string | typeof SegmentService {
  return name === undefined ? SegmentService : `SegmentService:${name}`;
}
