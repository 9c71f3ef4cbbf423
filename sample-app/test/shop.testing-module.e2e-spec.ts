import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentRecorder, SegmentTestingModule } from 'nestjs-segment/testing';
import { MARKETING, marketingModule, segmentModule } from '../src/analytics/segment-clients.js';
import { AppModule } from '../src/app.module.js';
import { CARDS } from '../src/orders/payments.service.js';
import { ADAPTERS, BROWSER, listen } from './support/adapters.js';
import { Shopper } from './support/shopper.js';

// The whole application, with both Segment clients swapped for recording ones: real validation
// and request context, nothing sent, every message checked right after the response.
describe.each(ADAPTERS)('sample shop with SegmentTestingModule on $name', ({ adapter }) => {
  let app: INestApplication;
  let recorder: SegmentRecorder;
  let shopper: Shopper;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideModule(segmentModule)
      .useModule(SegmentTestingModule.forRoot())
      .overrideModule(marketingModule)
      .useModule(SegmentTestingModule.forRoot({ name: MARKETING }))
      .compile();
    app = await listen(moduleRef, adapter);
    recorder = app.get(SegmentRecorder);
    shopper = new Shopper(app);
  });
  afterEach(async () => {
    await app.close();
  });

  it('sign-up identifies the user, then tracks "Signed Up"; the newsletter goes to the marketing client', async () => {
    await shopper.signUp();
    expect(recorder.forClient().messages.map((message) => message.event ?? message.type)).toEqual(['identify', 'Signed Up']);
    recorder.expectIdentified({ userId: shopper.userId, traits: { email: 'ada@example.com', name: 'Ada', plan: 'pro' } });
    recorder.expectTracked('Signed Up', { userId: shopper.userId, properties: { plan: 'pro' }, context: { locale: 'fr-CH', userAgent: BROWSER['user-agent'] } });
    recorder.forClient(MARKETING).expectTracked('Newsletter Subscribed', { userId: shopper.userId, properties: { list: 'product-updates' } });
  });

  it('without the newsletter box, the marketing client sends nothing', async () => {
    await shopper.signUp('bob@example.com', { newsletter: false });
    recorder.forClient(MARKETING).expectNoMessages();
  });

  it('login tracks "Logged In"', async () => {
    await shopper.signUp();
    await shopper.logIn();
    recorder.expectTracked('Logged In', { userId: shopper.userId, context: { page: { path: '/login' } } });
  });

  it('an order tracks "Order Completed" with its products; the user comes from the session', async () => {
    await shopper.signUp();
    await shopper.logIn();
    recorder.clear();
    const { body: order } = await shopper.order();
    recorder.expectTracked('Order Completed', {
      userId: shopper.userId,
      properties: {
        orderId: order.id,
        total: 50,
        currency: 'EUR',
        products: [
          { sku: 'TSHIRT-NEST', price: 25, quantity: 1 },
          { sku: 'MUG-SEGMENT', price: 12.5, quantity: 2 },
        ],
      },
    });
    recorder.expectNotTracked('Payment Failed');
  });

  it('a declined card tracks "Payment Failed" from the service, and no "Order Completed"', async () => {
    await shopper.signUp();
    await shopper.logIn();
    const response = await shopper.order(CARDS.declined, 402);
    expect(response.body).toEqual(expect.objectContaining({ reason: 'card_declined' }));
    recorder.expectTracked('Payment Failed', { userId: shopper.userId, properties: { total: 50, reason: 'card_declined' }, context: { ip: '127.0.0.1' } });
    recorder.expectNotTracked('Order Completed');
  });

  it('the account page is a page call, and joining a team a group call', async () => {
    await shopper.signUp();
    await shopper.logIn();
    await shopper.openAccount();
    await shopper.joinTeam('Analytical Engines');
    recorder.expectPage('Account', { category: 'Settings', userId: shopper.userId, properties: { plan: 'pro' }, context: { page: { path: '/account', search: '?tab=billing' } } });
    recorder.expectGrouped(/^team_/, { userId: shopper.userId, traits: { name: 'Analytical Engines', plan: 'pro', members: 1 } });
  });

  it('a rejected request sends nothing', async () => {
    await request(app.getHttpServer()).post('/orders').send({ items: [{ sku: 'MUG-SEGMENT' }], card: CARDS.ok }).expect(401);
    await request(app.getHttpServer()).post('/signup').send({ email: 'not-an-email' }).expect(400);
    recorder.expectNoMessages();
  });
});
