import type { SegmentHttpRequest } from './segment-module.options.js';
import type { PageDecoratorOptions, SegmentMapped, SegmentMethodDecorator } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';
import { quoted } from './message-spec.js';

/** Sends a page call when the handler finishes (server-rendered pages): `@Page('Pricing')`. */
export function Page<TResult = unknown, TRequest = SegmentHttpRequest>(
  name?: SegmentMapped<string, TResult, TRequest>,
  options: PageDecoratorOptions<TResult, TRequest> = {},
): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('page', `@Page(${quoted(name)})`, { when, client }, { name, ...fields }) as SegmentMethodDecorator<TResult>;
}
