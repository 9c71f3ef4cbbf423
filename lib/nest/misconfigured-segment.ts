import { SegmentService } from './segment.service.js';
import type { SegmentOptionsError } from './segment-options.error.js';

// Lifecycle hooks Nest probes on every provider: present only where failing is the point.
const NOT_FAILING = new Set<PropertyKey>(['constructor', 'onApplicationShutdown']);
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
  const methods = new Set<PropertyKey>([...Object.getOwnPropertyNames(SegmentService.prototype), 'onModuleInit']);
  return new Proxy(Object.create(SegmentService.prototype) as SegmentService, {
    get(target, property, receiver) {
      if (ACCESSORS.has(property)) return fail();
      if (methods.has(property) && !NOT_FAILING.has(property)) return fail;
      if (NOT_FAILING.has(property) && property !== 'constructor') return undefined;
      return Reflect.get(target, property, receiver);
    },
  });
}
