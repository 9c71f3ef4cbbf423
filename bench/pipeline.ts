/**
 * What a tracking plan and one middleware add to a track() call, measured beside the plain
 * client in one process and one run: `npm run bench:pipeline`.
 *
 * The clients are disabled (`disable: true`): every call is built, validated, run through the
 * pipeline, serialized and size-checked exactly as when sending, and nothing is queued or sent,
 * so the figure is the call's own cost. The variants take turns, block by block, so drift and
 * GC hit them alike. Each variant's cost is the median of its blocks (min-max); what it adds is
 * the median of its difference to the plain client's block of the same turn, which holds up
 * on a busy machine where the blocks themselves spread widely, and the difference of the
 * fastest blocks (the least disturbed ones).
 */
import { fileURLToPath } from 'node:url';
import { SegmentClient, scrub, type SegmentClientOptions, type TrackParams } from '../lib/index.js';
import { spread, type Spread } from './stats.js';

const PLAN = fileURLToPath(new URL('../../../sample-app/tracking-plan.json', import.meta.url));
const CALLS_PER_BLOCK = 10_000;
const BLOCKS = 60;

interface Variant {
  readonly label: string;
  readonly options: Partial<SegmentClientOptions>;
}

const VARIANTS: readonly Variant[] = [
  { label: 'plain client', options: {} },
  { label: 'pass-through middleware', options: { middleware: [(message) => message] } },
  { label: 'tracking plan (Ajv)', options: { trackingPlan: { plan: PLAN } } },
  { label: 'scrub() middleware', options: { middleware: [scrub({ keys: ['email', 'phone'] })] } },
  { label: 'tracking plan + scrub()', options: { trackingPlan: { plan: PLAN }, middleware: [scrub({ keys: ['email', 'phone'] })] } },
];

/** A typical planned event: the sample shop's Order Completed, four properties and two products, with a request's context. */
function call(i: number): TrackParams {
  return {
    userId: `user_${i % 1000}`,
    event: 'Order Completed',
    properties: {
      orderId: `order_${i}`,
      total: 62.5,
      currency: 'EUR',
      products: [
        { sku: 'TSHIRT-NEST', name: 'Nest T-shirt', price: 25, quantity: 2 },
        { sku: 'MUG-SEGMENT', name: 'Segment mug', price: 12.5, quantity: 1 },
      ],
    },
    context: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)', locale: 'en-GB', page: { path: '/orders', url: 'https://shop.example/orders' } },
  };
}

function block(client: SegmentClient, start: number): number {
  const began = process.hrtime.bigint();
  for (let i = start; i < start + CALLS_PER_BLOCK; i++) client.track(call(i));
  return Number(process.hrtime.bigint() - began) / CALLS_PER_BLOCK;
}

function main(): void {
  const clients = VARIANTS.map((variant) => new SegmentClient({ writeKey: 'bench', disable: true, ...variant.options }));
  // Warm-up: every variant's code paths compiled by V8 before anything counts.
  clients.forEach((client) => block(client, 0));
  const samples: number[][] = VARIANTS.map(() => []);
  for (let round = 0; round < BLOCKS; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    clients.forEach((client, index) => samples[index]!.push(block(client, round * CALLS_PER_BLOCK)));
  }
  const results: Spread[] = samples.map((values) => spread(values));
  const plain = samples[0]!;
  console.log(`Node ${process.version}, ${BLOCKS} blocks of ${CALLS_PER_BLOCK.toLocaleString('en')} track() calls per variant, taking turns.`);
  console.log('variant                    ns/call median (min-max)      added: paired median | fastest blocks');
  VARIANTS.forEach((variant, index) => {
    const { median, min, max } = results[index]!;
    const added = spread(samples[index]!.map((value, round) => value - plain[round]!)).median;
    const addedText = index === 0 ? '' : `${micros(added)} | ${micros(min - results[0]!.min)}`;
    console.log(`${variant.label.padEnd(26)} ${median.toFixed(0).padStart(6)} (${min.toFixed(0)}-${max.toFixed(0)})`.padEnd(56) + addedText);
  });
  // Every call of every variant passed (the plan's rule holds for the workload): the figures are of the passing path.
  const stats = clients.map((client) => client.stats());
  if (stats.some((entry) => entry.dropped !== 0 || entry.violations !== 0)) throw new Error(`a variant dropped messages or saw violations: ${JSON.stringify(stats)}`);
}

function micros(ns: number): string {
  return `${ns >= 0 ? '+' : ''}${(ns / 1000).toFixed(2)} µs`;
}

main();
