import fc from 'fast-check';

/**
 * What a hostile or careless caller can hand the six calls, for property-based tests: anything
 * JavaScript has (BigInt, Map, Set, typed arrays, boxed values, invalid Dates, sparse arrays,
 * null-prototype objects, `__proto__` / `constructor` / `toJSON` keys), strings with lone
 * surrogates and 4-byte characters near 32 KB, and objects that fight back: toJSON that returns
 * nothing or throws, throwing getters, Proxy traps that throw, revoked Proxies, deep nesting.
 */
const keys = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'toJSON', 'library', 'prototype', ''));

const anything = fc.anything({
  key: keys,
  maxDepth: 3,
  maxKeys: 5,
  withBigInt: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withTypedArray: true,
  withObjectString: true,
  stringUnit: 'binary',
});

class Customer {
  constructor(
    readonly id: string,
    private readonly secretField = 'kept private',
  ) {}
}

const thrower = (label: string) => () => {
  throw new Error(`${label} threw`);
};

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
  revoke();
  return proxy;
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let level = 0; level < depth; level++) current = (current.n = {}) as Record<string, unknown>;
  return root;
}

/** A string of 4-byte characters whose UTF-8 size sits just under, at or over 32 KB with its message. */
const nearLimitString = fc.integer({ min: 8_000, max: 8_300 }).map((count) => '😀'.repeat(count));

/**
 * Stands for a hostile value until the property runs: fast-check inspects what it generates
 * (to clone and to print), and a revoked Proxy or a throwing trap would break fast-check itself.
 */
class Hostile {
  constructor(readonly kind: keyof typeof HOSTILE_VALUES) {}

  toString(): string {
    return `<${this.kind}>`;
  }
}

const HOSTILE_VALUES = {
  toJsonUndefined: () => ({ toJSON: () => undefined }),
  toJsonSymbol: () => ({ toJSON: () => Symbol('nothing') }),
  toJsonThrows: () => ({ toJSON: thrower('toJSON') }),
  throwingGetter: () => Object.defineProperty({}, 'boom', { enumerable: true, get: thrower('getter') }),
  ownKeysTrap: () => new Proxy({ a: 1 }, { ownKeys: thrower('ownKeys trap') }),
  getTrap: () => new Proxy({ a: 1 }, { get: thrower('get trap') }),
  prototypeTrap: () => new Proxy({ a: 1 }, { getPrototypeOf: thrower('getPrototypeOf trap') }),
  harmlessProxy: () => new Proxy({ a: 1 }, {}),
  revokedProxy,
  nested10: () => nested(10),
  nested1000: () => nested(1_000),
  nested12000: () => nested(12_000),
  cycle: () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle.self = cycle;
    return cycle;
  },
  classInstance: () => new Customer('c-1'),
  symbol: () => Symbol('s'),
  fn: () => () => 'fn',
} as const;

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...(Object.keys(HOSTILE_VALUES) as Array<keyof typeof HOSTILE_VALUES>)).map((kind) => new Hostile(kind)),
  nearLimitString,
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2n ** 70n),
);

/**
 * The generated params with every stand-in replaced by its hostile value. Own `__proto__` keys
 * and null prototypes are kept as generated.
 */
export function materialize(value: unknown): unknown {
  if (value instanceof Hostile) return HOSTILE_VALUES[value.kind]();
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array(value.length);
    value.forEach((item, index) => (copy[index] = materialize(item)));
    return copy;
  }
  if (value === null || typeof value !== 'object') return value;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy = Object.create(prototype) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    Object.defineProperty(copy, key, { value: materialize((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Any value, hostile one time in four. */
export const value: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: anything, weight: 3 }, { arbitrary: hostileValue, weight: 1 });

/** An object of fields: mostly plain, sometimes with hostile values among its keys. */
export const fields: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.dictionary(keys, value, { maxKeys: 6 }), weight: 4 },
  { arbitrary: value, weight: 1 },
);

/** Ids as callers pass them: strings (lone surrogates included), numbers of every kind, and worse. */
export const id: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 42, 1.5), weight: 1 },
  { arbitrary: value, weight: 1 },
);

/** Timestamps: absent, real and invalid Dates, ISO strings with and without zones, odd strings. */
export const timestamp: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.date(),
  fc.constant(new Date(Number.NaN)),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2024-05-01T12:00:00+02:00', '2024-05-01T12:00:00', '2024-13-45T99:99:99Z', '2024-05-01T12:00:00,5Z', 'yesterday', ''),
  value,
);

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const common = {
  userId: maybe(id),
  anonymousId: maybe(id),
  messageId: maybe(fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 120 }), value)),
  timestamp: maybe(timestamp),
  context: maybe(fields),
  integrations: maybe(fields),
};

const record = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) => fc.record(shape, { requiredKeys: [] });

/** Params for each of the six calls, as a hostile caller might write them. */
export const paramsByCall = {
  track: record({ ...common, event: maybe(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), value)), properties: maybe(fields) }),
  identify: record({ ...common, traits: maybe(fields) }),
  page: record({ ...common, name: maybe(fc.oneof(fc.string({ unit: 'binary' }), value)), category: maybe(fc.string()), properties: maybe(fields) }),
  screen: record({ ...common, name: maybe(fc.string({ unit: 'binary' })), properties: maybe(fields) }),
  group: record({ ...common, groupId: maybe(id), traits: maybe(fields) }),
  alias: record({ ...common, previousId: maybe(id) }),
} as const;

export type CallName = keyof typeof paramsByCall;
export const CALLS = Object.keys(paramsByCall) as CallName[];
