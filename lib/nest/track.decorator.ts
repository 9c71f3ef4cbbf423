import type { SegmentHttpRequest } from './segment-module.options.js';
import type { SegmentMapped, SegmentMethodDecorator, TrackDecoratorOptions } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';
import { quoted } from './message-spec.js';

/**
 * Sends a track call when the handler finishes:
 * `@Track('Order Completed', { properties: ({ result }) => ({ total: result.total }) })`.
 * The event name can be mapped too. User and request context come from the request.
 */
export function Track<TResult = unknown, TRequest = SegmentHttpRequest>(
  event: SegmentMapped<string, TResult, TRequest>,
  options: TrackDecoratorOptions<TResult, TRequest> = {},
): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('track', `@Track(${quoted(event)})`, { when, client }, { event, ...fields }) as SegmentMethodDecorator<TResult>;
}
