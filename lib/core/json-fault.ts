import { describeError } from './describe-error.js';

/** Where and why a caller's object could not be serialized. */
export interface JsonFault {
  readonly path: string;
  readonly kind: 'cycle' | 'threw';
  readonly cause?: unknown;
}

/** Beyond this many values the search gives up and the field as a whole is named. */
const MAX_VISITS = 1_000_000;

interface Frame {
  readonly value: unknown;
  readonly path: string;
  /** Set once the frame's children were pushed: popping it again leaves the object. */
  entered: boolean;
}

/**
 * Walks `value` the way JSON.stringify does (toJSON first, then own enumerable keys or array
 * indices) without recursion, so that any depth can be searched, and returns the first thing
 * that stops serialization: a circular reference, or an access that throws (a getter, a
 * toJSON, a Proxy trap, a revoked Proxy). Undefined when it finds neither (the failure was
 * then depth alone). Only runs after JSON.stringify has failed: it is for the error message.
 */
export function locateFault(value: unknown, path: string): JsonFault | undefined {
  const ancestors = new Set<object>();
  const stack: Frame[] = [{ value, path, entered: false }];
  let visits = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.entered) {
      stack.pop();
      ancestors.delete(frame.value as object);
      continue;
    }
    if (++visits > MAX_VISITS) return undefined;
    let current: unknown;
    let children: Array<[string, unknown]>;
    try {
      current = applyToJson(frame.value, frame.path);
      if (current === null || typeof current !== 'object') {
        stack.pop();
        continue;
      }
      if (ancestors.has(current)) return { path: frame.path, kind: 'cycle' };
      children = childrenOf(current, frame.path);
    } catch (cause) {
      return cause instanceof ChildFault ? { path: cause.path, kind: 'threw', cause: cause.cause } : { path: frame.path, kind: 'threw', cause };
    }
    frame.entered = true;
    // The frame now stands for the object toJSON returned: that is what is on the path.
    (frame as { value: unknown }).value = current;
    ancestors.add(current);
    for (let index = children.length - 1; index >= 0; index--) {
      const [childPath, child] = children[index]!;
      stack.push({ value: child, path: childPath, entered: false });
    }
  }
  return undefined;
}

function applyToJson(value: unknown, path: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'bigint')) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, keyOf(path)) : value;
}

function keyOf(path: string): string {
  const match = /(?:\.([^.[\]]*)|\[(\d+)\])$/.exec(path);
  return match?.[1] ?? match?.[2] ?? '';
}

/** A child whose read threw: the fault is the child's path, not its parent's. */
class ChildFault {
  constructor(
    readonly path: string,
    readonly cause: unknown,
  ) {}
}

function childrenOf(value: object, path: string): Array<[string, unknown]> {
  const paths: string[] = [];
  const keys: Array<string | number> = [];
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      keys.push(index);
      paths.push(`${path}[${index}]`);
    }
  } else {
    for (const key of Object.keys(value)) {
      keys.push(key);
      paths.push(`${path}.${key}`);
    }
  }
  return keys.map((key, index) => {
    try {
      return [paths[index]!, (value as Record<string | number, unknown>)[key]];
    } catch (cause) {
      throw new ChildFault(paths[index]!, cause);
    }
  });
}

/** The validation message for a serialization failure, with or without a located fault. */
export function describeFault(fault: JsonFault | undefined, field: string, error: unknown): string {
  if (fault?.kind === 'cycle') {
    return `${fault.path} refers back to an object that contains it; Segment messages must be trees (no circular references).`;
  }
  if (fault?.kind === 'threw') {
    return `${fault.path} cannot be read for JSON: ${describeError(fault.cause)}.`;
  }
  if (error instanceof RangeError) {
    return `${field} is nested too deeply to serialize (JSON.stringify ran out of stack); flatten it.`;
  }
  return `${field} cannot be serialized to JSON: ${describeError(error)}.`;
}
