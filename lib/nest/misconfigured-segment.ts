import { SegmentService } from './segment.service.js';
import type { SegmentOptionsError } from './segment-options.error.js';

const ACCESSORS = new Set<PropertyKey>(['client', 'events$']);

/**
 * Stands in for the SegmentService of a client whose options are invalid, so that the failure
 * surfaces as `app.init()` rejecting with the full list of problems (from `onModuleInit`),
 * not as `NestFactory.create()` aborting the process. Anything that uses it before then gets
 * the same error.
 */
export function misconfiguredSegmentService(error: SegmentOptionsError): SegmentService {
  const fail = (): never => {
    throw error;
  };
  return new Proxy(Object.create(SegmentService.prototype) as SegmentService, {
    get(target, property, receiver) {
      if (property === 'onModuleInit') return fail;
      // No client, nothing to flush; Nest probes this hook on every provider at shutdown.
      if (property === 'onApplicationShutdown') return undefined;
      if (property === 'joinAppShutdown') return () => undefined;
      if (ACCESSORS.has(property)) return fail();
      if (property !== 'constructor' && typeof property === 'string' && property in SegmentService.prototype) return fail;
      return Reflect.get(target, property, receiver);
    },
  });
}
