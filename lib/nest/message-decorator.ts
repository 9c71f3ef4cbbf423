import { isObservable, tap } from 'rxjs';
import type { MessageType } from '../core/index.js';
import { SEGMENT_DECORATED, emitterOf } from './decorated-instances.js';
import type { SegmentEmitWhen } from './decorator-options.js';
import type { MessageSpec } from './message-spec.js';
import { methodHandler } from './request-context/handler-identity.js';
import { RequestContextStore, currentRequestStore, runInRequestStore } from './request-context/request-context.store.js';

/** The messages of each method this package wrapped, top to bottom. */
const specsByMethod = new WeakMap<object, MessageSpec[]>();

type Method = (this: unknown, ...args: unknown[]) => unknown;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || (value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function');
}

/**
 * Wraps the method once, however many decorators it has: the wrapper calls it, then sends the
 * messages of its outcome (after a returned Promise settles or an Observable completes). It is
 * the method itself that sends, not an interceptor: Nest's interceptor pipeline would cost every
 * request of the app, and a wrapper also covers RPC handlers and provider methods.
 */
function sendingMessages(method: Method, specs: readonly MessageSpec[]): Method {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const store = currentRequestStore();
    const emitter = emitterOf(this) ?? store?.emitter;
    // Not an instance of an app with a SegmentModule (a unit test calling the method): nothing to send with.
    if (emitter === undefined) return method.apply(this, args);
    // Outside any request (a scheduled job, a provider method): the method is its own handler.
    if (store === undefined)
      return runInRequestStore(new RequestContextStore(undefined, emitter, methodHandler(this, wrapper)), () => wrapper.apply(this, args));
    let result: unknown;
    try {
      result = method.apply(this, args);
    } catch (error) {
      emitter.emit(specs, 'error', args, store, undefined, error);
      throw error;
    }
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          emitter.emit(specs, 'success', args, store, value, undefined);
          return value;
        },
        (error: unknown) => {
          emitter.emit(specs, 'error', args, store, undefined, error);
          throw error;
        },
      );
    }
    if (isObservable(result)) {
      let last: unknown;
      return result.pipe(
        tap({
          next: (value) => {
            last = value;
          },
          complete: () => emitter.emit(specs, 'success', args, store, last, undefined),
          error: (error: unknown) => emitter.emit(specs, 'error', args, store, undefined, error),
        }),
      );
    }
    emitter.emit(specs, 'success', args, store, result, undefined);
    return result;
  };
  Object.defineProperty(wrapper, 'name', { value: method.name });
  // Decorators below this one (`@Get`, `@HttpCode`, guards' metadata) wrote to the original.
  for (const key of Reflect.getOwnMetadataKeys(method)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, method), wrapper);
  return wrapper;
}

/**
 * A method decorator that adds one message to the method. Stacked decorators (`@Identify` +
 * `@Track`) share one wrapper and are sent in the order they are written.
 */
export function messageDecorator(
  type: MessageType,
  title: string,
  options: { readonly when?: SegmentEmitWhen; readonly client?: string },
  fields: Record<string, unknown>,
): MethodDecorator {
  return (target, key, descriptor) => {
    const label = `${title} on ${(target as { constructor: { name: string } }).constructor.name}.${String(key)}`;
    const method = descriptor.value as unknown;
    if (typeof method !== 'function') throw new TypeError(`${label}: Segment decorators go on methods.`);
    const spec: MessageSpec = {
      type,
      label,
      when: options.when ?? 'success',
      client: options.client,
      fields: Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    };
    const specs = specsByMethod.get(method);
    // Decorators apply bottom-up: prepend, so the list reads top to bottom.
    if (specs !== undefined) specs.unshift(spec);
    else {
      const wrapped = [spec];
      const wrapper = sendingMessages(method as Method, wrapped);
      specsByMethod.set(wrapper, wrapped);
      descriptor.value = wrapper as typeof descriptor.value;
      Reflect.defineMetadata(SEGMENT_DECORATED, true, target);
    }
    return descriptor;
  };
}
