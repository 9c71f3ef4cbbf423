import { fileURLToPath } from 'node:url';
import { SegmentCollector } from '../../lib/testing/index.js';
import { runNode } from '../support/run-node.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

// The fixtures import the built package (dist/), which `npm test` builds first.
describe('process lifetime', () => {
  const collector = new SegmentCollector();
  beforeAll(() => collector.start());
  afterAll(() => collector.stop());
  beforeEach(() => collector.clear());

  it('keeps the process alive while a message is pending, through a retry, then lets it exit', async () => {
    collector.failNext({ times: 1, status: 503 });
    const run = await runNode(fixture('pending-message.mjs'), { env: { COLLECTOR_URL: collector.url } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(collector.requests.map((request) => request.status)).toEqual([503, 200]);
    expect(collector.messages.map((message) => message.event)).toEqual(['Sent before exit']);
  });

  it('lets the process exit when the client is idle (delivered, or never used)', async () => {
    // Resolving at all is the assertion: an idle client holding the process open hangs here.
    const run = await runNode(fixture('idle-client.mjs'), { env: { COLLECTOR_URL: collector.url } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 1, failed: 0, dropped: 0, failures: [] });
  });
});
