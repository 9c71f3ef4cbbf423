import type { SegmentHttpRequest } from './segment-module.options.js';
import type { AliasDecoratorOptions, SegmentMethodDecorator } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';

/**
 * Sends an alias call when the handler finishes, linking an earlier id to the new one:
 * `@Alias({ previousId: ({ request }) => request.cookies.anonId, userId: ({ result }) => result.id })`.
 */
export function Alias<TResult = unknown, TRequest = SegmentHttpRequest>(options: AliasDecoratorOptions<TResult, TRequest>): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('alias', '@Alias()', { when, client }, fields) as SegmentMethodDecorator<TResult>;
}
