/**
 * A `{ key: value }` object: Object's prototype or none. Class instances (Map, Date, a DTO)
 * and arrays are not, so they cannot pass for properties, traits or context.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
