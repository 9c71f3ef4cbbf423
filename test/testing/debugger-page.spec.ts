import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { SegmentClient } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { writeKeyFingerprint } from '../../lib/testing/collector/debugger/write-key-fingerprint.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { basic } from './collector-http.js';
import { COUNTERS, NOTICE, VISIBLE_REQUESTS, VISIBLE_ROWS, expectInPage, launchChromium, openDebugger, pageBytes } from './support/debugger-browser.js';

const SHOP_KEY = 'wk_shop_5fQ2nT8rLx0vB3mZ';
const MARKETING_KEY = 'wk_marketing_Yc7pD1sK9eHa';
const SHOP = '#' + writeKeyFingerprint(SHOP_KEY);
const MARKETING = '#' + writeKeyFingerprint(MARKETING_KEY);
const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the event debugger page, in Chromium', () => {
  let browser: Browser;
  let collector: SegmentCollector;
  let page: Page;
  let requested: string[];
  const closing = closeAfterEach();

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    collector = new SegmentCollector();
    await collector.start();
    ({ page, requested } = await openDebugger(browser, collector.url));
  });
  afterEach(async () => {
    await page?.context().close();
    await collector.stop();
  });

  /** A real client of this package, sending to the collector only when flushed. */
  const client = (writeKey: string) =>
    closing(new SegmentClient({ writeKey, host: collector.url, flushInterval: 60_000, minRetryDelay: 5 }));
  const wireBytes = () => pageBytes(collector.requests.reduce((sum, request) => sum + request.rawBody.length, 0));
  const rows = (expected: string[][]) => expectInPage(page, VISIBLE_ROWS, expected);
  /** What a library that skips validation sends: a track without a timestamp. */
  const sendWithoutTimestamp = (event: string) =>
    fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(SHOP_KEY) },
      body: JSON.stringify({ batch: [{ type: 'track', event, userId: 'ada', messageId: `legacy-${event}` }] }),
    });

  it('shows each message as it arrives, newest request first, with type, name, user, client and time', async () => {
    const shop = client(SHOP_KEY);
    shop.identify({ userId: 'ada', traits: { plan: 'pro' }, timestamp: '2026-05-04T09:30:00.120Z' });
    shop.track({ userId: 'ada', event: 'Order Completed', properties: { total: 42 }, timestamp: '2026-05-04T09:30:01.005Z' });
    await shop.flush();
    await rows([
      ['✓ ok', 'identify', '—', 'ada', SHOP, '09:30:00.120'],
      ['✓ ok', 'track', 'Order Completed', 'ada', SHOP, '09:30:01.005'],
    ]);

    const marketing = client(MARKETING_KEY);
    marketing.page({ anonymousId: 'anon-7', name: 'Pricing', timestamp: '2026-05-04T09:31:00.000Z' });
    await marketing.flush();

    await rows([
      ['✓ ok', 'page', 'Pricing', 'anonymous anon-7', MARKETING, '09:31:00.000'],
      ['✓ ok', 'identify', '—', 'ada', SHOP, '09:30:00.120'],
      ['✓ ok', 'track', 'Order Completed', 'ada', SHOP, '09:30:01.005'],
    ]);
    const headers = (await page.evaluate(VISIBLE_REQUESTS)) as string[];
    expect(headers).toEqual([
      expect.stringMatching(new RegExp(`^Request #2 \\| \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| POST /v1/batch \\| client ${MARKETING} \\| 1 message \\| \\d+ B \\| ✓ 200 accepted$`)),
      expect.stringMatching(new RegExp(`^Request #1 \\| .* \\| client ${SHOP} \\| 2 messages \\| .* \\| ✓ 200 accepted$`)),
    ]);
    await expectInPage(page, COUNTERS, { messages: '3', batches: '2', duplicates: '0', violations: '0', bytes: wireBytes() });
    // Offline by construction: the page asked for nothing but the collector.
    expect(requested.filter((address) => !address.startsWith(`${collector.url}/`))).toEqual([]);
  });

  it('filters by type, by event or name, by user and by client, and says when nothing matches', async () => {
    const shop = client(SHOP_KEY);
    const marketing = client(MARKETING_KEY);
    shop.identify({ userId: 'ada', timestamp: '2026-05-04T09:30:00.000Z' });
    shop.track({ userId: 'ada', event: 'Order Completed', timestamp: '2026-05-04T09:30:01.000Z' });
    shop.track({ userId: 'bob', event: 'Order Refunded', timestamp: '2026-05-04T09:30:02.000Z' });
    marketing.track({ anonymousId: 'anon-7', event: 'Newsletter Subscribed', timestamp: '2026-05-04T09:30:03.000Z' });
    await shop.flush();
    await marketing.flush();
    const names = `(${VISIBLE_ROWS}).map((row) => row[2])`;
    await expectInPage(page, names, ['Newsletter Subscribed', '—', 'Order Completed', 'Order Refunded']);

    await page.selectOption('#filter-type', 'track');
    await expectInPage(page, names, ['Newsletter Subscribed', 'Order Completed', 'Order Refunded']);
    await page.fill('#filter-event', 'order');
    await expectInPage(page, names, ['Order Completed', 'Order Refunded']);
    await page.fill('#filter-user', 'bob');
    await expectInPage(page, names, ['Order Refunded']);

    await page.fill('#filter-user', '');
    await page.fill('#filter-event', '');
    await page.selectOption('#filter-client', MARKETING.slice(1));
    await expectInPage(page, names, ['Newsletter Subscribed']);
    await page.fill('#filter-user', 'anon-7');
    await expectInPage(page, names, ['Newsletter Subscribed']);
    await expectInPage(page, `(${VISIBLE_REQUESTS}).map((header) => header.split(' | ')[0])`, ['Request #2']);

    await page.fill('#filter-user', 'ada');
    await expectInPage(page, names, []);
    await expectInPage(page, `document.getElementById('empty').textContent`, 'No message matches the filters.');
  });
});
