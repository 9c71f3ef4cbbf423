import { copyFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { SegmentClient } from '../../lib/index.js';
import { SegmentCollector, type CollectedMessage } from '../../lib/testing/index.js';
import { EventDebugger } from '../../lib/testing/collector/debugger/event-debugger.js';
import { writeKeyFingerprint } from '../../lib/testing/collector/debugger/write-key-fingerprint.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { basic } from './collector-http.js';
import { COUNTERS, NOTICE, VISIBLE_REQUESTS, VISIBLE_ROWS, expectInPage, launchChromium, openDebugger, pageBytes } from './support/debugger-browser.js';

const SHOP_KEY = 'wk_shop_5fQ2nT8rLx0vB3mZ';
const MARKETING_KEY = 'wk_marketing_Yc7pD1sK9eHa';
const SHOP = '#' + writeKeyFingerprint(SHOP_KEY);
const MARKETING = '#' + writeKeyFingerprint(MARKETING_KEY);
const root = fileURLToPath(new URL('../../', import.meta.url));
/** Each test opens pages in a real browser; on a busy machine that takes seconds, not milliseconds. */
const BROWSER_TEST_MS = 60_000;

describe('the event debugger page, in Chromium', () => {
  let browser: Browser;
  let collector: SegmentCollector;
  let page: Page;
  let requested: string[];
  const closing = closeAfterEach();

  beforeAll(async () => {
    browser = await launchChromium();
  }, BROWSER_TEST_MS);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    collector = new SegmentCollector();
    await collector.start();
    ({ page, requested } = await openDebugger(browser, collector.url));
  }, BROWSER_TEST_MS);
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
  const sendWithoutTimestamp = (event: string, userId = 'ada') =>
    fetch(`${collector.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(SHOP_KEY) },
      body: JSON.stringify({ batch: [{ type: 'track', event, userId, messageId: `legacy-${event}`, properties: { reason: 'card_declined' } }] }),
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
  }, BROWSER_TEST_MS);

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
  }, BROWSER_TEST_MS);

  it('opens a message: its JSON, its context and where it came from', async () => {
    const shop = client(SHOP_KEY);
    shop.track({
      userId: 'ada',
      event: 'Order Completed',
      properties: { orderId: 'o-1', total: 42 },
      context: { ip: '203.0.113.9', locale: 'en-GB' },
      messageId: 'order-o-1',
      timestamp: '2026-05-04T09:30:01.005Z',
    });
    await shop.flush();
    await page.locator('.row', { hasText: 'Order Completed' }).click();

    await expectInPage(page, `document.querySelector('#detail h2').textContent`, 'track · Order Completed');
    const message = collector.messages[0];
    expect(JSON.parse((await page.locator('#detail pre.json').textContent())!)).toEqual(message);
    expect(JSON.parse((await page.locator('#detail pre.context').textContent())!)).toEqual(message.context);
    const facts = await page.evaluate(`Array.from(document.querySelectorAll('#detail dt'), (term) => [term.textContent, term.nextElementSibling.textContent])`);
    expect(facts).toEqual(
      expect.arrayContaining([
        ['messageId', 'order-o-1'],
        ['Timestamp', '2026-05-04T09:30:01.005Z'],
        ['Client', SHOP],
        ['Request', '#1 POST /v1/batch, message 1 of 1'],
        ['Library', expect.stringMatching(/^nestjs-segment \d+\.\d+\.\d+/)],
      ]),
    );
    await expectInPage(page, `document.querySelector('#detail .problems').textContent`, '✓ Accepted, no problem found.');
    await expectInPage(page, `document.querySelector('.row[aria-current="true"] .name').textContent`, 'Order Completed');

    await page.keyboard.press('Escape');
    await expectInPage(page, `document.querySelector('#detail').textContent`, 'Select a message to see its JSON, its context and any problem.');
  }, BROWSER_TEST_MS);

  it('marks a duplicate and a Spec violation in words and icons, explains them, and counts them', async () => {
    const shop = client(SHOP_KEY);
    shop.track({ userId: 'ada', event: 'Order Completed', messageId: 'order-o-1', timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();
    // The same messageId again, as a retry after a lost answer would send it.
    shop.track({ userId: 'ada', event: 'Order Completed', messageId: 'order-o-1', timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();
    await sendWithoutTimestamp('Payment Failed');

    await rows([
      ['⚠ violation', 'track', 'Payment Failed', 'ada', SHOP, '—'],
      ['↻ duplicate', 'track', 'Order Completed', 'ada', SHOP, '09:30:00.000'],
      ['✓ ok', 'track', 'Order Completed', 'ada', SHOP, '09:30:00.000'],
    ]);
    await expectInPage(page, COUNTERS, { messages: '3', batches: '3', duplicates: '1', violations: '1', bytes: wireBytes() });
    expect(await page.evaluate(`Array.from(document.querySelectorAll('.row'), (row) => row.className)`)).toEqual([
      'row has-violation',
      'row has-duplicate',
      'row',
    ]);

    await page.locator('.row', { hasText: 'duplicate' }).click();
    await expectInPage(
      page,
      `document.querySelector('#detail .problems').textContent`,
      '↻ DuplicatemessageId order-o-1 was already accepted. Segment keeps one message per messageId, so this copy is dropped.',
    );
    await page.locator('.row', { hasText: 'violation' }).click();
    await expectInPage(page, `Array.from(document.querySelectorAll('#detail .problem'), (problem) => problem.textContent)`, [
      '⚠ Spec violationtimestamp is missing',
    ]);

    await page.check('#filter-problems');
    await expectInPage(page, `(${VISIBLE_ROWS}).map((row) => row[0])`, ['⚠ violation', '↻ duplicate']);
  }, BROWSER_TEST_MS);

  it('shows a refused request with its answer, then the retry that was accepted', async () => {
    collector.failNext({ status: 503 });
    const shop = client(SHOP_KEY);
    shop.track({ userId: 'ada', event: 'Order Completed', timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();

    await rows([
      ['✓ ok', 'track', 'Order Completed', 'ada', SHOP, '09:30:00.000'],
      ['✗ not accepted', 'track', 'Order Completed', 'ada', SHOP, '09:30:00.000'],
    ]);
    await expectInPage(page, `(${VISIBLE_REQUESTS}).map((header) => header.split(' | ').slice(6))`, [
      ['✓ 200 accepted'],
      ['✗ 503 planned_failure (planned fault)', 'planned failure (failNext): HTTP 503'],
    ]);
    await page.locator('.row', { hasText: 'not accepted' }).click();
    await expectInPage(
      page,
      `document.querySelector('#detail .problems').textContent`,
      '✗ Not acceptedThe collector answered 503 planned_failure: planned failure (failNext): HTTP 503.',
    );
  }, BROWSER_TEST_MS);

  it('pause holds new messages until resumed; clear empties the page and restarts its counters', async () => {
    const shop = client(SHOP_KEY);
    shop.track({ userId: 'ada', event: 'First', timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();
    await rows([['✓ ok', 'track', 'First', 'ada', SHOP, '09:30:00.000']]);

    await page.click('#pause');
    await expectInPage(page, `document.getElementById('pause').getAttribute('aria-pressed')`, 'true');
    shop.track({ userId: 'ada', event: 'Second', timestamp: '2026-05-04T09:30:01.000Z' });
    shop.track({ userId: 'ada', event: 'Third', timestamp: '2026-05-04T09:30:02.000Z' });
    await shop.flush();
    await expectInPage(page, NOTICE, 'Ⅱ Paused: 2 new messages held. Resume to show them.');
    // The counters keep counting what arrives; the list waits.
    await expectInPage(page, COUNTERS, { messages: '3', batches: '2', duplicates: '0', violations: '0', bytes: wireBytes() });
    await rows([['✓ ok', 'track', 'First', 'ada', SHOP, '09:30:00.000']]);

    await page.click('#pause');
    await rows([
      ['✓ ok', 'track', 'Second', 'ada', SHOP, '09:30:01.000'],
      ['✓ ok', 'track', 'Third', 'ada', SHOP, '09:30:02.000'],
      ['✓ ok', 'track', 'First', 'ada', SHOP, '09:30:00.000'],
    ]);
    await expectInPage(page, NOTICE, '');

    await page.click('#clear');
    await rows([]);
    await expectInPage(page, COUNTERS, { messages: '0', batches: '0', duplicates: '0', violations: '0', bytes: '0 B' });
    const before = collector.requests.reduce((sum, request) => sum + request.rawBody.length, 0);
    shop.track({ userId: 'ada', event: 'Fourth', timestamp: '2026-05-04T09:30:03.000Z' });
    await shop.flush();
    await rows([['✓ ok', 'track', 'Fourth', 'ada', SHOP, '09:30:03.000']]);
    const after = collector.requests.reduce((sum, request) => sum + request.rawBody.length, 0);
    await expectInPage(page, COUNTERS, { messages: '1', batches: '1', duplicates: '0', violations: '0', bytes: pageBytes(after - before) });
    // Clearing the page is the page's own: the collector keeps what it received.
    expect(collector.messages).toHaveLength(4);
  }, BROWSER_TEST_MS);

  it('a page opened later shows what arrived before; collector.clear() empties every open page', async () => {
    const shop = client(SHOP_KEY);
    shop.track({ userId: 'ada', event: 'Before', timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();
    const late = await openDebugger(browser, collector.url);
    try {
      await expectInPage(late.page, VISIBLE_ROWS, [['✓ ok', 'track', 'Before', 'ada', SHOP, '09:30:00.000']]);
      collector.clear();
      await expectInPage(late.page, VISIBLE_ROWS, []);
      await rows([]);
      await expectInPage(late.page, COUNTERS, { messages: '0', batches: '0', duplicates: '0', violations: '0', bytes: '0 B' });
    } finally {
      await late.page.context().close();
    }
  }, BROWSER_TEST_MS);

  it('shows messages as text, never as markup', async () => {
    const shop = client(SHOP_KEY);
    const event = '<img src=x onerror="document.body.dataset.injected=1">';
    shop.track({ userId: '<b>ada</b>', event, timestamp: '2026-05-04T09:30:00.000Z' });
    await shop.flush();
    await rows([['✓ ok', 'track', event, '<b>ada</b>', SHOP, '09:30:00.000']]);
    await page.locator('.row').click();
    expect(await page.evaluate(`[document.querySelectorAll('img, b').length, document.body.dataset.injected ?? null]`)).toEqual([0, null]);
  }, BROWSER_TEST_MS);

  it('never shows the write key, even when a message carries it', async () => {
    const shop = client(SHOP_KEY);
    shop.track({ userId: 'ada', event: 'Config Loaded', properties: { segment: { writeKey: SHOP_KEY, header: basic(SHOP_KEY) } } });
    await shop.flush();
    await page.locator('.row', { hasText: 'Config Loaded' }).click();
    await expectInPage(page, `JSON.parse(document.querySelector('#detail pre.json').textContent).properties`, {
      segment: { writeKey: '[redacted]', header: '[redacted]' },
    });
    const html = (await page.evaluate('document.documentElement.outerHTML')) as string;
    for (const secret of [SHOP_KEY, basic(SHOP_KEY).slice('Basic '.length)]) expect(html).not.toContain(secret);
    expect(html).toContain(SHOP);
  }, BROWSER_TEST_MS);

  it('shows the tracking-plan rule next to a violation that has one', async () => {
    // The collector reports Spec violations only; a plan check hands the debugger violations
    // with their rule. This drives the debugger itself, on its own loopback server.
    const planned = new EventDebugger();
    const server = createServer((request, response) => {
      if (!planned.serve(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const opened = await openDebugger(browser, address);
    try {
      const message: CollectedMessage = { type: 'track', event: 'Order Completed', userId: 'ada', messageId: 'm-1', timestamp: '2026-05-04T09:30:00.000Z', properties: { total: '42' } };
      const body = Buffer.from(JSON.stringify({ batch: [message] }));
      planned.record(
        { method: 'POST', path: '/v1/batch', headers: { authorization: basic(SHOP_KEY) }, rawBody: body, decodedBody: body, body: JSON.parse(body.toString()), messages: [message], writeKey: SHOP_KEY, status: 200, responseBody: '{"success":true}', fault: undefined, receivedAt: new Date() },
        [{ message, duplicate: false, violations: [{ text: 'properties.total must be number', rule: 'Order Completed › properties.total: type number' }] }],
        { status: 200, headers: {}, body: '{"success":true}' },
      );
      await expectInPage(opened.page, VISIBLE_ROWS, [['⚠ violation', 'track', 'Order Completed', 'ada', SHOP, '09:30:00.000']]);
      await opened.page.locator('.row').click();
      await expectInPage(opened.page, `Array.from(document.querySelectorAll('#detail .problem'), (problem) => Array.from(problem.children, (part) => part.textContent))`, [
        ['⚠ Tracking plan violation', 'properties.total must be number', 'Rule: Order Completed › properties.total: type number'],
      ]);
    } finally {
      await opened.page.context().close();
      planned.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, BROWSER_TEST_MS);

  it('saves a screenshot of a shop session (SAVE_DEBUGGER_SCREENSHOT=1 also writes docs/debugger.png)', async () => {
    const shop = client(SHOP_KEY);
    const marketing = client(MARKETING_KEY);
    shop.identify({ userId: 'user_1', traits: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' } });
    shop.track({ userId: 'user_1', event: 'Signed Up', properties: { plan: 'pro' } });
    marketing.track({ userId: 'user_1', event: 'Newsletter Subscribed', properties: { list: 'product-updates' } });
    await shop.flush();
    await marketing.flush();
    shop.track({ userId: 'user_1', event: 'Logged In' });
    shop.page({ userId: 'user_1', name: 'Account', properties: { plan: 'pro' } });
    shop.group({ userId: 'user_1', groupId: 'team_1', traits: { name: 'Analytical Engines' } });
    await shop.flush();
    const context = { ip: '127.0.0.1', locale: 'en-GB', page: { path: '/orders' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' };
    const order = { userId: 'user_1', event: 'Order Completed', messageId: 'order_1-completed', properties: { orderId: 'order_1', total: 50, currency: 'EUR' }, context };
    shop.track(order);
    await shop.flush();
    shop.track(order);
    await shop.flush();
    await sendWithoutTimestamp('Payment Failed', 'user_1');
    await expectInPage(page, `document.querySelectorAll('.row').length`, 9);
    await page.locator('.row', { hasText: 'duplicate' }).click();

    mkdirSync(`${root}.tmp`, { recursive: true });
    await page.screenshot({ path: `${root}.tmp/debugger.png` });
    if (process.env.SAVE_DEBUGGER_SCREENSHOT === '1') {
      mkdirSync(`${root}docs`, { recursive: true });
      copyFileSync(`${root}.tmp/debugger.png`, `${root}docs/debugger.png`);
    }
    expect(requested.filter((address) => !address.startsWith(`${collector.url}/`))).toEqual([]);
  }, BROWSER_TEST_MS);
});
