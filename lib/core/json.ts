import { SegmentValidationError } from './errors.js';

/**
 * JSON.stringify with this package's treatment of values JSON cannot carry: Date becomes its
 * ISO string (its own toJSON), BigInt a decimal string, undefined and functions are omitted,
 * NaN and Infinity become null, a circular reference is a validation error naming its path.
 * The common case runs plain JSON.stringify; the slow path only runs once that has thrown.
 */
export function serialize(value: object, path: string): string {
  try {
    return JSON.stringify(value);
  } catch {
    return serializeAwkward(value, path);
  }
}

function serializeAwkward(value: object, path: string): string {
  const cycle = findCycle(value, path, new Set());
  if (cycle !== undefined) {
    throw new SegmentValidationError(cycle, `${cycle} refers back to an object that contains it; Segment messages must be trees (no circular references).`);
  }
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (error) {
    throw new SegmentValidationError(path, `${path} cannot be serialized to JSON: ${(error as Error).message}`);
  }
}

function findCycle(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (ancestors.has(value)) return path || 'message';
  ancestors.add(value);
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item])
    : Object.keys(value).map((key) => [path ? `${path}.${key}` : key, (value as Record<string, unknown>)[key]]);
  for (const [childPath, child] of entries) {
    const found = findCycle(child, childPath, ancestors);
    if (found !== undefined) return found;
  }
  ancestors.delete(value);
  return undefined;
}
