import type { MessageType } from '../core/index.js';
import type { SegmentEmitWhen } from './decorator-options.js';
import { SEGMENT_MESSAGES, type MessageSpec } from './message-spec.js';

/**
 * A method decorator that adds one message to the handler's metadata. It brings no interceptor
 * of its own: the global request interceptor reads the list, so stacked decorators
 * (`@Identify` + `@Track`) cost one pass and are sent in the order they are written.
 */
export function messageDecorator(
  type: MessageType,
  title: string,
  options: { readonly when?: SegmentEmitWhen; readonly client?: string },
  fields: Record<string, unknown>,
): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as object;
    const label = `${title} on ${(target as { constructor: { name: string } }).constructor.name}.${String(key)}`;
    const spec: MessageSpec = {
      type,
      label,
      when: options.when ?? 'success',
      client: options.client,
      fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    };
    const existing = Reflect.getOwnMetadata(SEGMENT_MESSAGES, handler) as MessageSpec[] | undefined;
    // Decorators apply bottom-up: prepend, so the list reads top to bottom.
    Reflect.defineMetadata(SEGMENT_MESSAGES, [spec, ...(existing ?? [])], handler);
    return descriptor;
  };
}
