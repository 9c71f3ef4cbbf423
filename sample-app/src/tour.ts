import { SegmentService, getSegmentToken } from 'nestjs-segment';
import type { CollectedMessage } from 'nestjs-segment/testing';
import { printDeliveries } from './analytics/delivery-printer.js';
import { MARKETING } from './analytics/segment-clients.js';
import { startSampleApp, type AdapterName } from './bootstrap.js';
import { CARDS } from './orders/payments.service.js';

export interface TourOptions {
  /** Default `'express'`. */
  adapter?: AdapterName;
  /** Where the tour writes. Default `console.log`. */
  print?: (line: string) => void;
}

export interface TourResult {
  /** Messages the clients reported delivered. */
  readonly delivered: number;
  /** Messages reported failed or dropped. */
  readonly lost: number;
  /** What the embedded collector received, in arrival order. */
  readonly messages: readonly CollectedMessage[];
  /** Tracking requests the collector received (batches). */
  readonly requests: number;
}

/**
 * `npm run demo`: boots the sample app with an embedded collector, walks through a customer's
 * visit over real HTTP (sign-up, login, account page, team, an order, a declined card), prints
 * each Segment message as it is delivered, then closes the app, whose shutdown flush delivers
 * what is still queued.
 */
export async function runTour(options: TourOptions = {}): Promise<TourResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  // A long flush interval: messages go out only when a step flushes, or at shutdown.
  const env = { SEGMENT_FLUSH_INTERVAL: '60000' };
  const sample = await startSampleApp({ adapter: options.adapter, port: 0, collector: 'always', env, logger: ['error', 'warn'], print });
  const collector = sample.collector!;
  const clients = [sample.app.get(SegmentService), sample.app.get<string, SegmentService>(getSegmentToken(MARKETING) as string)];
  const printer = printDeliveries(sample.app, collector, print);
  print(`Sample shop listening on ${sample.url} (${options.adapter ?? 'express'})`);

  let token = '';
  async function step(title: string, method: 'GET' | 'POST', path: string, body?: unknown, flush = true): Promise<Record<string, unknown>> {
    print('');
    print(`${title}`);
    const response = await fetch(`${sample.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'nestjs-segment-demo/1.0',
        'accept-language': 'en-GB,en;q=0.8',
        ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    print(` → ${method} ${path}  ${response.status}`);
    // Sends what the request queued now, so each step's messages print under it, in order.
    if (flush) for (const client of clients) await client.flush();
    return json;
  }

  try {
    await step('1. Sign up (newsletter on)', 'POST', '/signup', { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro', newsletter: true });
    token = String((await step('2. Log in', 'POST', '/login', { email: 'ada@example.com' })).token);
    await step('3. Open the account page', 'GET', '/account');
    await step('4. Join a team', 'POST', '/account/team', { name: 'Analytical Engines' });
    await step('5. Order a T-shirt and two mugs', 'POST', '/orders', { items: [{ sku: 'TSHIRT-NEST', quantity: 1 }, { sku: 'MUG-SEGMENT', quantity: 2 }], card: CARDS.ok });
    await step('6. Order again with a declining card (no flush: the shutdown delivers it)', 'POST', '/orders', { items: [{ sku: 'MUG-SEGMENT', quantity: 1 }], card: CARDS.declined }, false);
    print('');
    print('Closing the app: its shutdown hook flushes every Segment client.');
  } finally {
    await sample.close();
    printer.stop();
  }
  const { delivered, lost } = printer.tally;
  const batches = collector.requests.length;
  print('');
  print(`${delivered} messages delivered to the local collector in ${batches} requests${lost > 0 ? `; ${lost} lost (see above)` : ', none lost'}.`);
  return { delivered, lost, messages: collector.messages, requests: batches };
}
