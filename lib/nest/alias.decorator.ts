import type { SegmentHttpRequest } from './segment-module.options.js';
import type { AliasDecoratorOptions } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';

/**
 * Sends an alias call when the handler finishes, linking an earlier id to the new one:
 * `@Alias({ previousId: ({ request }) => request.cookies.anonId, userId: ({ result }) => result.id })`.
 */
export function Alias<TResult = unknown, TRequest = SegmentHttpRequest>(options: AliasDecoratorOptions<TResult, TRequest>): MethodDecorator {
  const { when, client, ...fields } = options;
  return messageDecorator('alias', '@Alias()', { when, client }, fields);
}
