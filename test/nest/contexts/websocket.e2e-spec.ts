import { once } from 'node:events';
import { Module, UseInterceptors, type INestApplication } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { Test } from '@nestjs/testing';
import { MessageBody, SubscribeMessage, WebSocketGateway, type WsResponse } from '@nestjs/websockets';
import { WebSocket } from 'ws';
import { SegmentContextInterceptor, SegmentModule, SegmentService, Track, type SegmentModuleOptions } from '../../../lib/index.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { ADAPTERS } from '../support/adapters.js';
import { optionsFor, startCollector } from '../support/collector.js';
import { BROWSER, countingUser, delivered, named, type CountingUser } from './support/context-test.js';

/** On the app's own HTTP server (no port given): what the interceptor reads the handshake of. */
@WebSocketGateway()
@UseInterceptors(SegmentContextInterceptor)
class OrdersGateway {
  constructor(private readonly segment: SegmentService) {}

  @SubscribeMessage('orders.watch')
  @Track<WsResponse<string>>('Orders Watched', { properties: ({ result }) => ({ orderId: result!.data }) })
  watch(@MessageBody() body: { orderId: string }): WsResponse<string> {
    return { event: 'watching', data: body.orderId };
  }

  @SubscribeMessage('orders.cancel')
  async cancel(@MessageBody() body: { orderId: string }): Promise<WsResponse<string>> {
    await Promise.resolve();
    this.segment.track({ event: 'Order Cancelled', properties: body });
    return { event: 'cancelled', data: body.orderId };
  }
}

describe.each(ADAPTERS)('a WebSocket gateway (platform-ws) on $name, with SegmentContextInterceptor on the gateway', (adapter) => {
  let collector: SegmentCollector;
  let app: INestApplication | undefined;
  let socket: WebSocket | undefined;
  let user: CountingUser;

  beforeEach(async () => {
    collector = await startCollector();
    user = countingUser();
  });
  afterEach(async () => {
    socket?.close();
    socket = undefined;
    await app?.close();
    app = undefined;
    await collector.stop();
  });

  async function connect(options: Partial<SegmentModuleOptions> = {}): Promise<WebSocket> {
    @Module({ imports: [SegmentModule.forRoot(optionsFor(collector, { user: user.resolver, ...options }))], providers: [OrdersGateway] })
    class GatewayModule {}
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule] }).compile();
    app = adapter.create(moduleRef, {});
    app.useWebSocketAdapter(new WsAdapter(app));
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('http:', 'ws:');
    socket = new WebSocket(url, { headers: BROWSER });
    await once(socket, 'open');
    return socket;
  }

  async function call(client: WebSocket, event: string, data: unknown): Promise<unknown> {
    const reply = once(client, 'message');
    client.send(JSON.stringify({ event, data }));
    const [raw] = (await reply) as [Buffer];
    return JSON.parse(raw.toString());
  }

  it('handlers send with the handshake (ip, user agent, locale, its user) and the event name; no page', async () => {
    const client = await connect();
    await expect(call(client, 'orders.watch', { orderId: 'o-1' })).resolves.toEqual({ event: 'watching', data: 'o-1' });
    await expect(call(client, 'orders.cancel', { orderId: 'o-2' })).resolves.toEqual({ event: 'cancelled', data: 'o-2' });
    const messages = await delivered(app!, collector);
    const [watched] = named(messages, 'Orders Watched');
    const [cancelled] = named(messages, 'Order Cancelled');
    expect(watched).toEqual(expect.objectContaining({ userId: 'user-7', properties: { orderId: 'o-1' } }));
    expect(watched!.context).toEqual({
      ip: '127.0.0.1',
      userAgent: BROWSER['user-agent'],
      locale: 'fr-CH',
      handler: { kind: 'ws', event: 'orders.watch', target: 'OrdersGateway.watch' },
      library: expect.objectContaining({ name: 'nestjs-segment' }),
    });
    expect(cancelled).toEqual(expect.objectContaining({ userId: 'user-7', properties: { orderId: 'o-2' } }));
    expect(cancelled!.context).toEqual(expect.objectContaining({ ip: '127.0.0.1', handler: { kind: 'ws', event: 'orders.cancel', target: 'OrdersGateway.cancel' } }));
  });

  it('privacy options apply to the handshake as to HTTP requests', async () => {
    const client = await connect({ context: { ip: 'anonymize', userAgent: false } });
    await call(client, 'orders.watch', { orderId: 'o-1' });
    const [watched] = named(await delivered(app!, collector), 'Orders Watched');
    expect(watched!.context).toEqual({
      ip: '127.0.0.0',
      locale: 'fr-CH',
      handler: { kind: 'ws', event: 'orders.watch', target: 'OrdersGateway.watch' },
      library: expect.any(Object),
    });
  });
});
