import { runTour } from '../src/tour.js';
import { readmeBlock } from '../../test/readme/support/readme.js';
import { ADAPTERS } from './support/adapters.js';

// Proves README "The sample app": the tour's output must equal the README's demo output, read
// from the README itself, ports and timestamps aside (they change from run to run).
const DEMO_OUTPUT = readmeBlock('The sample app', 'text', 'messages delivered to the local collector').body;

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
