// README "The client on its own": the first block, verbatim, as a module of its own (it has
// imports and top-level await). client-on-its-own.readme.spec.ts runs it by importing it once
// SEGMENT_WRITE_KEY is set and Segment's host leads to a local collector.
import { SegmentClient } from 'nestjs-segment';

const client = new SegmentClient({ writeKey: process.env.SEGMENT_WRITE_KEY! });

const messageId = client.track({ userId: 'u1', event: 'Order Completed', properties: { total: 9.5 } });
client.identify({ userId: 'u1', traits: { email: 'ada@example.com', plan: 'pro' } });
client.page({ anonymousId: 'a-42', name: 'Pricing', category: 'Marketing', properties: { path: '/pricing' } });
client.screen({ userId: 'u1', name: 'Home', category: 'App' });
client.group({ userId: 'u1', groupId: 'acme', traits: { employees: 120 } });
client.alias({ previousId: 'a-42', userId: 'u1' });

const result = await client.flush(); // { delivered, failed, dropped, failures }
await client.close({ timeoutMs: 5000 });

export { client, messageId, result };
