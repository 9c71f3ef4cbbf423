import { expect as jestExpect } from '@jest/globals';
import { LIBRARY_VERSION } from '../../lib/index.js';
import { SegmentAssertionError, SegmentRecorder } from '../../lib/testing/index.js';

/** The report an assertion throws, as the test runner prints it. */
function reportOf(assertion: () => unknown): string {
  try {
    assertion();
  } catch (error) {
    expect(error).toBeInstanceOf(SegmentAssertionError);
    return (error as Error).message;
  }
  throw new Error('the assertion passed');
}

const at = '2024-05-01T08:00:00.000Z';

describe('assertion reports', () => {
  let recorder: SegmentRecorder;

  beforeEach(() => {
    recorder = new SegmentRecorder();
    const segment = recorder.createService();
    segment.identify({ userId: 'u1', traits: { email: 'ada@example.com' }, messageId: 'm1', timestamp: at });
    segment.track({ userId: 'u2', event: 'Order Completed', properties: { total: 41, products: [{ sku: 'A-1' }] }, messageId: 'm2', timestamp: at });
    segment.page({ userId: 42, name: 'Account', messageId: 'm3', timestamp: at });
    recorder.createService('marketing').track({ userId: 'u1', event: 'Newsletter Subscribed', messageId: 'm4', timestamp: at });
  });

  it('a missing message: the pattern, the closest message field by field, and everything recorded', () => {
    const report = reportOf(() => recorder.expectTracked('Order Completed', { userId: 'u1', properties: { total: 42, products: [{ sku: 'A-1' }, { sku: 'B-2' }] } }));
    expect(report).toBe(
      [
        'expectTracked("Order Completed") failed: no recorded message matches.',
        '',
        'Expected a message containing:',
        '  {',
        '    type: "track",',
        '    event: "Order Completed",',
        '    userId: "u1",',
        '    properties: { total: 42, products: [{ sku: "A-1" }, { sku: "B-2" }] },',
        '  }',
        '',
        'Closest: #2 track "Order Completed" userId="u2", 3 differences:',
        '  userId',
        '    expected: "u1"',
        '    recorded: "u2"',
        '  properties.total',
        '    expected: 42',
        '    recorded: 41',
        '  properties.products',
        '    expected: [{ sku: "A-1" }, { sku: "B-2" }]',
        '    recorded: [{ sku: "A-1" }]',
        '    note: expected 2 items, recorded 1 item',
        '',
        'Recorded (4 messages):',
        '  #1 identify userId="u1" traits={ email: "ada@example.com" }',
        '  #2 track "Order Completed" userId="u2" properties={ total: 41, products: [{ sku: "A-1" }] }',
        '  #3 page "Account" userId="42"',
        '  #4 track "Newsletter Subscribed" userId="u1" (client "marketing")',
      ].join('\n'),
    );
  });

  it('an absent field, a numeric id and a matcher are each named', () => {
    const report = reportOf(() => recorder.expectPage('Account', { userId: 42 as unknown as string, category: 'Settings', context: { locale: jestExpect.any(String) } }));
    expect(report).toContain(
      [
        'Closest: #3 page "Account" userId="42", 3 differences:',
        '  userId',
        '    expected: 42',
        '    recorded: "42"',
        '    note: Segment sends numeric ids as strings',
        '  category',
        '    expected: "Settings"',
        '    recorded: (absent)',
        '  context.locale',
        '    expected: Any<String>',
        '    recorded: (absent)',
      ].join('\n'),
    );
  });

  it('an unexpected message: the pattern and each match in full', () => {
    const report = reportOf(() => recorder.expectNotTracked('Order Completed', { properties: { total: 41 } }));
    expect(report).toBe(
      [
        'expectNotTracked("Order Completed") failed: 1 recorded message matches.',
        '',
        'Expected no message containing:',
        '  { type: "track", event: "Order Completed", properties: { total: 41 } }',
        '',
        'Matching:',
        '  #2 track "Order Completed" userId="u2"',
        '    {',
        '      type: "track",',
        '      messageId: "m2",',
        `      timestamp: "${at}",`,
        `      context: { library: { name: "nestjs-segment", version: "${LIBRARY_VERSION}" } },`,
        '      userId: "u2",',
        '      event: "Order Completed",',
        '      properties: { total: 41, products: [{ sku: "A-1" }] },',
        '    }',
        '',
        'Recorded (4 messages):',
        '  #1 identify userId="u1" traits={ email: "ada@example.com" }',
        '  #2 track "Order Completed" userId="u2" properties={ total: 41, products: [{ sku: "A-1" }] }',
        '  #3 page "Account" userId="42"',
        '  #4 track "Newsletter Subscribed" userId="u1" (client "marketing")',
      ].join('\n'),
    );
  });

  it('a client view says which client it looked at', () => {
    const report = reportOf(() => recorder.forClient('marketing').expectTracked(/Newsletter/, { userId: 'u2' }));
    expect(report).toBe(
      [
        'forClient("marketing").expectTracked(/Newsletter/) failed: no recorded message matches.',
        '',
        'Expected a message containing:',
        '  { type: "track", event: /Newsletter/, userId: "u2" }',
        '',
        'Closest: #1 track "Newsletter Subscribed" userId="u1", 1 difference:',
        '  userId',
        '    expected: "u2"',
        '    recorded: "u1"',
        '',
        'Recorded by client "marketing" (1 message):',
        '  #1 track "Newsletter Subscribed" userId="u1"',
      ].join('\n'),
    );
  });

  it('nothing recorded says so', () => {
    expect(reportOf(() => new SegmentRecorder().expectIdentified({ userId: 'u1' }))).toBe(
      ['expectIdentified() failed: no recorded message matches.', '', 'Expected a message containing:', '  { type: "identify", userId: "u1" }', '', 'Recorded: nothing (0 messages).'].join('\n'),
    );
  });

  it('expectNoMessages lists what was recorded and what was refused', () => {
    const marketing = recorder.forClient('marketing');
    expect(() => recorder.createService('marketing').track({ event: 'Anonymous' })).toThrow();
    expect(reportOf(() => marketing.expectNoMessages())).toBe(
      [
        'forClient("marketing").expectNoMessages() failed: 1 message was recorded and 1 call was refused.',
        '',
        'Recorded by client "marketing" (1 message):',
        '  #1 track "Newsletter Subscribed" userId="u1"',
        '',
        'Refused (1):',
        `  SegmentValidationError: ${recorder.errors[0]!.message}`,
      ].join('\n'),
    );
  });

  it('predicates and long values stay readable', () => {
    const isBig = (value: unknown) => typeof value === 'number' && value > 100;
    const report = reportOf(() => recorder.expectTracked('Order Completed', { properties: { total: isBig, note: 'x'.repeat(300) } }));
    expect(report).toContain('    expected: <predicate isBig>\n    recorded: 41');
    expect(report).toContain(`"${'x'.repeat(200)}…"`);
  });
});
