import type { SegmentHttpRequest } from './segment-module.options.js';
import type { GroupDecoratorOptions, SegmentMethodDecorator } from './decorator-options.js';
import { messageDecorator } from './message-decorator.js';

/** Sends a group call when the handler finishes: `@Group({ groupId: ({ result }) => result.teamId })`. */
export function Group<TResult = unknown, TRequest = SegmentHttpRequest>(options: GroupDecoratorOptions<TResult, TRequest>): SegmentMethodDecorator<TResult> {
  const { when, client, ...fields } = options;
  return messageDecorator('group', '@Group()', { when, client }, fields) as SegmentMethodDecorator<TResult>;
}
