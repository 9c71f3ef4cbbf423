import { runTour } from '../src/tour.js';
import { ADAPTERS } from './support/adapters.js';

// Proves README "The sample app": this is the block "npm run demo prints" verbatim. The tour's
// output must equal it, ports and timestamps aside (they change from run to run).
const DEMO_OUTPUT = [
  'Segment: SEGMENT_WRITE_KEY is not set, so messages go to an embedded local collector at http://127.0.0.1:41017 (nothing leaves this machine).',
  'Sample shop listening on http://127.0.0.1:3000 (express)',
  '',
  '1. Sign up (newsletter on)',
  ' → POST /signup  201',
  '   ✓ identify  user=user_1  {"email":"ada@example.com","name":"Ada Lovelace","plan":"pro","createdAt":"2026-05-04T09:30:00.000Z"}',
  '       context: ip=127.0.0.1 page=/signup locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '   ✓ track     "Signed Up"  user=user_1  {"plan":"pro"}',
  '       context: ip=127.0.0.1 page=/signup locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '   ✓ track     "Newsletter Subscribed"  user=user_1  {"list":"product-updates"}  (marketing client)',
  '       context: ip=127.0.0.1 page=/signup locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '2. Log in',
  ' → POST /login  200',
  '   ✓ track     "Logged In"  user=user_1',
  '       context: ip=127.0.0.1 page=/login locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '3. Open the account page',
  ' → GET /account  200',
  '   ✓ page      "Account"  user=user_1  {"plan":"pro"}',
  '       context: ip=127.0.0.1 page=/account locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '4. Join a team',
  ' → POST /account/team  201',
  '   ✓ group     user=user_1  group=team_1  {"name":"Analytical Engines","plan":"pro","members":1}',
  '       context: ip=127.0.0.1 page=/account/team locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '5. Order a T-shirt and two mugs',
  ' → POST /orders  201',
  '   ✓ track     "Order Completed"  user=user_1  {"orderId":"order_1","total":50,"currency":"EUR","products":[{"sku":"TSHIRT-NEST","name":"Nest T-shirt","price":25,"quantity":1},{"sku":"MUG-SEGMENT","name":"Segment mug","price":12.5,"quantity":2}]}',
  '       context: ip=127.0.0.1 page=/orders locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '6. Order again with a declining card (no flush: the shutdown delivers it)',
  ' → POST /orders  402',
  '',
  'Closing the app: its shutdown hook flushes every Segment client.',
  '   ✓ track     "Payment Failed"  user=user_1  {"orderId":"order_2","total":12.5,"currency":"EUR","reason":"card_declined"}',
  '       context: ip=127.0.0.1 page=/orders locale=en-GB userAgent="nestjs-segment-demo/1.0"',
  '',
  '8 messages delivered to the local collector in 7 requests, none lost.',
].join('\n');

/** Ports and times differ between runs; the rest must be exactly what the README shows. */
function normalized(text: string): string {
  return text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');
}

describe.each(ADAPTERS)('npm run demo (the tour) on $name', ({ name, adapter }) => {
  it('prints every delivered message under the request that sent it, the last one at shutdown, and loses none', async () => {
    const lines: string[] = [];
    const result = await runTour({ adapter, print: (line) => lines.push(line) });

    expect(normalized(lines.join('\n'))).toBe(normalized(DEMO_OUTPUT).replace('(express)', `(${name.toLowerCase()})`));
    expect(result).toEqual(expect.objectContaining({ delivered: 8, lost: 0, requests: 7 }));
    expect(result.messages.map((message) => message.event ?? message.type)).toEqual([
  'identify',
  'Signed Up',
  'Newsletter Subscribed',
  'Logged In',
  'page',
  'group',
  'Order Completed',
  'Payment Failed',
    ]);
  });
});
