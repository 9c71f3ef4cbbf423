// Proves README "Testing with the kit" > "Recording instead of sending": the whole block below
// is this file, verbatim (it is a complete test a user can copy).
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentRecorder, SegmentTestingModule } from 'nestjs-segment/testing';
import { OrdersController } from './orders.controller.js';

describe('orders', () => {
  it('tracks Order Completed', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRoot({ user: () => ({ userId: 'u1' }) })],
      controllers: [OrdersController],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    const recorder = app.get(SegmentRecorder);

    await request(app.getHttpServer()).post('/orders').expect(201);

    recorder.expectTracked('Order Completed', { userId: 'u1', properties: { orderId: 'o-1', total: 42 } });
    recorder.expectNotTracked('Order Refunded');
    await app.close();
  });
});
