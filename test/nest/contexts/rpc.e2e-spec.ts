import type { AddressInfo, Server } from 'node:net';
import { Controller, Module, UseInterceptors, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, EventPattern, MessagePattern, Payload, Transport, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import { SegmentContextInterceptor, SegmentModule, SegmentService, Track } from '../../../lib/index.js';
import type { SegmentCollector } from '../../../lib/testing/index.js';
import { optionsFor, startCollector } from '../support/collector.js';
import { named } from './support/context-test.js';

@Controller()
@UseInterceptors(SegmentContextInterceptor)
class MathController {
  constructor(private readonly segment: SegmentService) {}

  @MessagePattern({ cmd: 'sum' })
  @Track<number>('Sum Computed', { anonymousId: 'rpc-client', properties: ({ result }) => ({ result }) })
  sum(@Payload() numbers: number[]): number {
    return numbers.reduce((total, n) => total + n, 0);
  }

  @EventPattern('order.created')
  async created(@Payload() order: { id: string }): Promise<void> {
    await Promise.resolve();
    this.segment.track({ event: 'Order Created', anonymousId: 'rpc-client', properties: order });
  }
}

describe('a TCP microservice with SegmentContextInterceptor on the controller', () => {
  let collector: SegmentCollector;
  let microservice: INestMicroservice;
  let client: ClientProxy;

  beforeEach(async () => {
    collector = await startCollector();
    @Module({ imports: [SegmentModule.forRoot(optionsFor(collector))], controllers: [MathController] })
    class MathModule {}
    microservice = await NestFactory.createMicroservice(MathModule, { transport: Transport.TCP, options: { host: '127.0.0.1', port: 0 }, logger: false });
    await microservice.listen();
    const { port } = microservice.unwrap<Server>().address() as AddressInfo;
    client = ClientProxyFactory.create({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });
    await client.connect();
  });
  afterEach(async () => {
    await client.close();
    await microservice.close();
    await collector.stop();
  });

  it('a message handler sends with its pattern, the transport and its method; no HTTP fields', async () => {
    await expect(firstValueFrom(client.send<number>({ cmd: 'sum' }, [1, 2, 3]))).resolves.toBe(6);
    const [computed] = named(await collector.waitFor((messages) => named(messages, 'Sum Computed').length === 1), 'Sum Computed');
    expect(computed!.properties).toEqual({ result: 6 });
    expect(computed!.context).toEqual({
      handler: { kind: 'rpc', pattern: '{"cmd":"sum"}', transport: 'tcp', target: 'MathController.sum' },
      library: expect.objectContaining({ name: 'nestjs-segment' }),
    });
  });

  it('a SegmentService call in an async event handler carries the event pattern', async () => {
    await firstValueFrom(client.emit('order.created', { id: 'o-3' }), { defaultValue: undefined });
    const [created] = named(await collector.waitFor((messages) => named(messages, 'Order Created').length === 1), 'Order Created');
    expect(created!.properties).toEqual({ id: 'o-3' });
    expect(created!.context).toEqual({
      handler: { kind: 'rpc', pattern: 'order.created', transport: 'tcp', target: 'MathController.created' },
      library: expect.any(Object),
    });
  });
});
