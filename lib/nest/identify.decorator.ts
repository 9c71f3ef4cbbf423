import type { SegmentHttpRequest } from './segment-module.options.js';
import type { IdentifyDecoratorOptions, SegmentMethodDecorator } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';

/**
 * Sends an identify call when the handler finishes, typically on sign-up or profile update:
 * `@Identify({ userId: ({ result }) => result.id, traits: ({ result }) => ({ email: result.email }) })`.
 */
export function Identify<TResult = unknown, TRequest = SegmentHttpRequest>(
  options: IdentifyDecoratorOptions<TResult, TRequest> = {},
): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('identify', '@Identify()', { when, client }, fields) as SegmentMethodDecorator<TResult>;
}
