import { Test } from '@nestjs/testing';
import { SegmentModule, SegmentService } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';

describe('SegmentService.persisted()', () => {
  const collector = new SegmentCollector();

  beforeAll(() => collector.start());
  afterAll(() => collector.stop());

  it('resolves once what was accepted before it can no longer be lost by the process dying (in memory: delivered)', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [SegmentModule.forRoot({ writeKey: 'wk_persisted', host: collector.url })] }).compile();
    await moduleRef.init();
    const segment = moduleRef.get(SegmentService);
    const id = segment.track({ userId: 'u1', event: 'Acknowledged After Persisting' });
    await segment.persisted();
    expect(collector.messages.map((message) => message.messageId)).toEqual([id]);
    await moduleRef.close();
  });
});
