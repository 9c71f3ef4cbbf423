/**
 * Proves README section "Nest reference > What handled a message": its two ```ts blocks
 * (blocks/handler-identity.ts) verbatim, run as they are: the gateway on a real app with a
 * platform-ws client, the payments module as a real TCP microservice. Both talk to Segment's
 * default host, routed to a local collector.
 */
import { once } from 'node:events';
import type { AddressInfo, Server } from 'node:net';
import { Module, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { WsAdapter } from '@nestjs/platform-ws';
import { firstValueFrom } from 'rxjs';
import { WebSocket } from 'ws';
import { SegmentModule, SegmentService } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
import { SEGMENT_US, routeSegmentHosts, type SegmentRoutes } from './support/segment-hosts.js';

const WRITE_KEY = 'readme-handler-write-key';

describe('README: what handled a message', () => {
  let collector: SegmentCollector;
  let routes: SegmentRoutes;

  beforeEach(async () => {
    collector = new SegmentCollector();
    await collector.start();
    routes = routeSegmentHosts({ [SEGMENT_US]: collector.url });
    process.env.SEGMENT_WRITE_KEY = WRITE_KEY;
  });
  afterEach(async () => {
    routes.restore();
    delete process.env.SEGMENT_WRITE_KEY;
    await collector.stop();
  });

  it('the gateway with @UseInterceptors(SegmentContextInterceptor) sends its event and handshake', async () => {
    const { OrdersGateway } = await import('./blocks/handler-identity.js');
    @Module({
      imports: [SegmentModule.forRoot({ writeKey: WRITE_KEY, user: (handshake) => ({ anonymousId: String(handshake.headers['x-visitor-id']) }) })],
      providers: [OrdersGateway],
    })
    class GatewayModule {}
    const app: INestApplication = await NestFactory.create(GatewayModule, { logger: false });
    app.useWebSocketAdapter(new WsAdapter(app));
    await app.listen(0, '127.0.0.1');
    const socket = new WebSocket((await app.getUrl()).replace('[::1]', '127.0.0.1').replace('http:', 'ws:'), { headers: { 'user-agent': 'ReadmeSocket/1.0', 'x-visitor-id': 'v-1' } });
    await once(socket, 'open');
    const reply = once(socket, 'message');
    socket.send(JSON.stringify({ event: 'orders.watch', data: { orderId: 'o-1' } }));
    expect(JSON.parse(String((await reply)[0]))).toEqual({ event: 'watching', data: 'o-1' });
    socket.close();
    await app.close();
    expect(collector.messages).toEqual([
      expect.objectContaining({
        event: 'Orders Watched',
        anonymousId: 'v-1',
        properties: { orderId: 'o-1' },
        context: {
          ip: '127.0.0.1',
          userAgent: 'ReadmeSocket/1.0',
          handler: { kind: 'ws', event: 'orders.watch', target: 'OrdersGateway.watch' },
          library: expect.objectContaining({ name: 'nestjs-segment' }),
        },
      }),
    ]);
  });

  it('APP_INTERCEPTOR in a TCP microservice: the event handler\'s message names its pattern and transport', async () => {
    const { PaymentsModule } = await import('./blocks/handler-identity.js');
    const service: INestMicroservice = await NestFactory.createMicroservice(PaymentsModule, { transport: Transport.TCP, options: { host: '127.0.0.1', port: 0 }, logger: false });
    await service.listen();
    const client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port: (service.unwrap<Server>().address() as AddressInfo).port } });
    // The handler runs after emit() resolves: wait for its track() call, then close (which delivers).
    const segment = service.get(SegmentService);
    const track = segment.track.bind(segment);
    const tracked = new Promise<void>((resolve) => {
      segment.track = (params) => {
        const messageId = track(params);
        resolve();
        return messageId;
      };
    });
    await firstValueFrom(client.emit('payment.settled', { userId: 'user-1', amount: 42 }), { defaultValue: undefined });
    await tracked;
    client.close();
    await service.close();
    expect(collector.messages).toEqual([
      expect.objectContaining({
        event: 'Payment Settled',
        userId: 'user-1',
        properties: { amount: 42 },
        context: { handler: { kind: 'rpc', pattern: 'payment.settled', transport: 'tcp', target: 'PaymentsController.settled' }, library: expect.any(Object) },
      }),
    ]);
  });
});
