import { SegmentValidationError } from './errors.js';
import { describeFault, locateFault } from './json-fault.js';

/**
 * The caller's object as JSON, with this package's treatment of what JSON cannot carry:
 * a Date becomes its ISO string (its own toJSON), a BigInt a decimal string, NaN and ±Infinity
 * null, Map and Set `{}`; undefined, functions, symbols and a `toJSON()` that returns nothing
 * are omitted (null inside an array), as JSON.stringify does. Returns undefined when the whole
 * object serializes to nothing (its own `toJSON()` returned undefined): the field is then left
 * out. Anything that stops serialization (a circular reference, a throwing getter or toJSON,
 * a Proxy trap, a revoked Proxy, nesting deeper than the engine can walk) is a
 * SegmentValidationError naming the path, with the original error as its cause.
 * The common case runs plain JSON.stringify; the slow path only runs once that has thrown.
 */
export function serialize(value: object, path: string): string | undefined {
  try {
    return JSON.stringify(value) as string | undefined;
  } catch (first) {
    return serializeAwkward(value, path, first);
  }
}

/**
 * A field that must be a JSON object on the wire (properties, traits, context, integrations):
 * its JSON, or undefined when it serializes to nothing. A `toJSON()` that turns it into
 * something else (a number, an array, a string) cannot be sent as that field.
 */
export function serializeObjectField(value: object, field: string): string | undefined {
  const json = serialize(value, field);
  if (json === undefined || json.charCodeAt(0) === 123 /* { */) return json;
  throw new SegmentValidationError(
    field,
    `${field} must serialize to a JSON object; its toJSON() returned ${json.length > 40 ? json.slice(0, 40) + '…' : json}.`,
  );
}

const withBigInts = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

function serializeAwkward(value: object, path: string, first: unknown): string | undefined {
  if (first instanceof TypeError && /BigInt/i.test(first.message)) {
    try {
      return JSON.stringify(value, withBigInts) as string | undefined;
    } catch (second) {
      first = second;
    }
  }
  const fault = locateFault(value, path);
  throw new SegmentValidationError(fault?.path ?? path, describeFault(fault, path, first), { cause: fault?.cause ?? first });
}
