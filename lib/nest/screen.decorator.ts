import type { SegmentHttpRequest } from './segment-module.options.js';
import type { PageDecoratorOptions, SegmentMapped, SegmentMethodDecorator } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';
import { quoted } from './message-spec.js';

/** Sends a screen call when the handler finishes (backends of mobile apps): `@Screen('Checkout')`. */
export function Screen<TResult = unknown, TRequest = SegmentHttpRequest>(
  name?: SegmentMapped<string, TResult, TRequest>,
  options: PageDecoratorOptions<TResult, TRequest> = {},
): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('screen', `@Screen(${quoted(name)})`, { when, client }, { name, ...fields }) as SegmentMethodDecorator<TResult>;
}
