import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { scrub } from 'nestjs-segment';
import { SegmentRecorder, SegmentTestingModule } from 'nestjs-segment/testing';
import { MARKETING, TRACKING_PLAN_FILE, marketingModule, segmentModule } from '../src/analytics/segment-clients.js';
import { AppModule } from '../src/app.module.js';
import { CARDS } from '../src/orders/payments.service.js';
import { ADAPTERS, listen } from './support/adapters.js';
import { Shopper } from './support/shopper.js';

// Every message the shop sends, on both clients, checked against the shop's own tracking plan
// (sample-app/tracking-plan.json) by the testing kit, which fails on any violation.
describe.each(ADAPTERS)("the sample shop's messages follow its tracking plan on $name", ({ adapter }) => {
  let app: INestApplication;
  let recorder: SegmentRecorder;
  let shopper: Shopper;

  beforeEach(async () => {
    const trackingPlan = { plan: TRACKING_PLAN_FILE };
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideModule(segmentModule)
      .useModule(SegmentTestingModule.forRoot({ trackingPlan }))
      .overrideModule(marketingModule)
      .useModule(SegmentTestingModule.forRoot({ name: MARKETING, trackingPlan, middleware: [scrub({ keys: ['email', 'phone'] })] }))
      .compile();
    app = await listen(moduleRef, adapter);
    recorder = app.get(SegmentRecorder);
    shopper = new Shopper(app);
  });
  afterEach(async () => {
    await app.close();
  });

  it('sign-up, login, team, account page, an order and a declined payment: no violation', async () => {
    await shopper.signUp();
    await shopper.logIn();
    await shopper.joinTeam('Acme');
    await shopper.openAccount();
    await shopper.order();
    await shopper.order(CARDS.declined, 402);

    expect(recorder.messages.map((message) => message.event ?? message.type)).toEqual([
      'Newsletter Subscribed',
      'identify',
      'Signed Up',
      'Logged In',
      'group',
      'page',
      'Order Completed',
      'Payment Failed',
    ]);
    recorder.expectNoViolations();
  });
});
