import type { SegmentClientOptions } from '../client-options.js';
import { SegmentConfigError } from '../errors.js';
import type { SegmentLogger } from '../logger.js';
import { compileTrackingPlan } from '../../tracking-plan/compiled-tracking-plan.js';
import { MessagePipeline } from './message-pipeline.js';

/**
 * The client's pipeline, or undefined when it has neither middleware nor a tracking plan (then
 * calls take the plain path, at no extra cost). The plan is read and compiled here, once; Ajv is
 * loaded only now, when a plan is configured.
 */
export function createPipeline(options: Pick<SegmentClientOptions, 'middleware' | 'trackingPlan'>, logger: SegmentLogger): MessagePipeline | undefined {
  const { middleware = [], trackingPlan } = options;
  if (!Array.isArray(middleware) || !middleware.every((entry) => typeof entry === 'function')) {
    throw new SegmentConfigError('middleware', 'middleware must be an array of functions (message) => message | null, such as [scrub({ keys: [...] })].');
  }
  const plan = trackingPlan === undefined ? undefined : compileTrackingPlan(trackingPlan, (text) => logger.warn(text));
  if (middleware.length === 0 && plan === undefined) return undefined;
  return new MessagePipeline([...middleware], plan);
}
