// README "What goes on the wire": the messageIdFor block, verbatim. It uses the `client` of the
// section's first block without creating it, so a client is created just before it (the block's
// own import is hoisted). client-on-its-own.readme.spec.ts imports this module to run it.
import { SegmentClient } from 'nestjs-segment';

const client = new SegmentClient({ writeKey: process.env.SEGMENT_WRITE_KEY! });

import { messageIdFor } from 'nestjs-segment';

client.track({ userId: 'u1', event: 'Order Completed', messageId: messageIdFor('order', 'o-981', 'Order Completed') });

export { client };
