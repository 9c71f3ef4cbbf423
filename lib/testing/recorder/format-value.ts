import { isPlainObject } from '../../core/internals.js';
import { isAsymmetricMatcher } from './partial-match.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MAX_STRING = 200;

function key(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

function matcherText(matcher: object): string {
  const described = (matcher as { toAsymmetricMatcher?: () => string }).toAsymmetricMatcher?.();
  if (typeof described === 'string') return described;
  const text = String(matcher);
  if (text === '[object Object]') return '<asymmetric matcher>';
  // Jest's matchers keep what they were given in `sample`: show it, as Jest's own output does.
  const sample = (matcher as { sample?: unknown }).sample;
  return sample === undefined ? text : `${text} ${oneLine(sample)}`;
}

/** A leaf (anything that is not a non-empty plain object or array), on one line. */
function leaf(value: unknown): string | undefined {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return value.name ? `<predicate ${value.name}>` : '<predicate>';
  if (value instanceof RegExp) return String(value);
  if (value instanceof Date) return `Date(${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  if (isAsymmetricMatcher(value)) return matcherText(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? '{}' : undefined;
  return String(value);
}

function entriesOf(value: unknown[] | Record<string, unknown>): [string | undefined, unknown][] {
  return Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
}

function oneLine(value: unknown): string {
  const simple = leaf(value);
  if (simple !== undefined) return simple;
  const container = value as unknown[] | Record<string, unknown>;
  const parts = entriesOf(container).map(([name, item]) => (name === undefined ? oneLine(item) : `${key(name)}: ${oneLine(item)}`));
  return Array.isArray(container) ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
}

/**
 * Renders a value the way a reader compares it: JavaScript-like (unquoted keys), matchers by
 * what they accept, on one line when it fits in `width`, indented by two spaces otherwise.
 */
export function formatValue(value: unknown, width = 80, indent = ''): string {
  const flat = oneLine(value);
  if (flat.length + indent.length <= width || leaf(value) !== undefined) return flat;
  const container = value as unknown[] | Record<string, unknown>;
  const inner = `${indent}  `;
  const lines = entriesOf(container).map(([name, item]) => {
    const prefix = name === undefined ? '' : `${key(name)}: `;
    return `${inner}${prefix}${formatValue(item, width - prefix.length, inner)},`;
  });
  const [open, close] = Array.isArray(container) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}

/** One line, cut to `max` characters. */
export function formatShort(value: unknown, max: number): string {
  const text = oneLine(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
