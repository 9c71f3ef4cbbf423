import fc from 'fast-check';
import { SegmentConfigError, scrub, type SegmentMessage } from '../../lib/index.js';
import { expectThrown } from '../support/expect-thrown.js';

const KEYS = ['email', 'phone', 'ssn'];

function message(fields: Partial<SegmentMessage>): SegmentMessage {
  return {
    type: 'track',
    event: 'Order Completed',
    messageId: 'm-1',
    timestamp: '2026-12-02T00:00:00.000Z',
    context: { library: { name: 'nestjs-segment', version: '0.0.0' } },
    userId: 'u1',
    ...fields,
  };
}

/** Every key path of a JSON value, `a.b[0].c`, with its value. */
function paths(value: unknown, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, `${prefix}[${index}]`).forEach((v, k) => found.set(k, v)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      found.set(path, item);
      paths(item, path).forEach((v, k) => found.set(k, v));
    }
  }
  return found;
}

const keyName = fc.oneof(fc.constantFrom(...KEYS, 'name', 'total', 'items', 'library'), fc.stringMatching(/^[a-z]{1,6}$/));
const jsonTree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), tie('object'), tie('array')),
  object: fc.dictionary(keyName, tie('value'), { maxKeys: 5 }),
  array: fc.array(tie('value'), { maxLength: 4 }),
})).object;

describe('scrub()', () => {
  it('removes every configured key at any depth of properties, traits and context, and nothing else', () => {
    fc.assert(
      fc.property(jsonTree, jsonTree, jsonTree, (properties, traits, context) => {
        const input = message({ properties, traits, context: { ...context, library: { name: 'nestjs-segment', version: '0.0.0' } } });
        const before = structuredClone(input);
        const output = scrub({ keys: KEYS })(input)!;

        for (const field of ['properties', 'traits', 'context'] as const) {
          const expected = new Map([...paths(before[field])].filter(([path]) => !path.split(/[.[\]]+/).some((part) => KEYS.includes(part))));
          const kept = paths(output[field]);
          expect([...kept.keys()].sort()).toEqual([...expected.keys()].sort());
          for (const [path, value] of kept) if (value === null || typeof value !== 'object') expect(value).toEqual(expected.get(path));
        }
        // The rest of the message, and the caller's own objects, are untouched.
        expect({ ...output, properties: undefined, traits: undefined, context: undefined }).toEqual({ ...before, properties: undefined, traits: undefined, context: undefined });
        expect(input).toEqual(before);
      }),
    );
  });

  it('returns the very same message when there is nothing to remove', () => {
    const clean = message({ properties: { total: 3, items: [{ sku: 'a' }] } });
    expect(scrub({ keys: KEYS })(clean)).toBe(clean);
  });

  it('leaves a circular reference in place instead of walking it forever', () => {
    const properties: Record<string, unknown> = { email: 'x@example.com', name: 'n' };
    properties.self = properties;
    const output = scrub({ keys: ['email'] })(message({ properties }))!;
    expect(Object.keys(output.properties!).sort()).toEqual(['name', 'self']);
  });

  it('refuses options without keys, naming the option', () => {
    for (const options of [{ keys: [] }, { keys: [''] }, {}, { keys: 'email' }]) {
      const error = expectThrown(SegmentConfigError, () => scrub(options as never));
      expect(error.option).toBe('scrub.keys');
    }
  });
});
