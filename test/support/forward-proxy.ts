import { EventEmitter, once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { closeLoopbackServer, listenOnLoopback } from './listen-on-loopback.js';

export interface ForwardProxyOptions {
  /** Demand `Proxy-Authorization: Basic base64(user:password)`; others get 407. */
  credentials?: { user: string; password: string };
}

export interface ProxiedRequest {
  /** `connect`: a CONNECT tunnel; `forward`: an absolute-URI HTTP request. */
  readonly kind: 'connect' | 'forward';
  /** `host:port` for CONNECT, the absolute URL for forwarded requests. */
  readonly target: string;
  readonly proxyAuthorization: string | undefined;
  /** What the proxy answered itself (407, 502), or 200 when it connected the client through. */
  status: number;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/**
 * An HTTP forward proxy on 127.0.0.1: CONNECT tunnels and absolute-URI requests, like Squid
 * or a corporate egress proxy. It only ever connects to loopback; any other target is recorded
 * and answered 502, so a test can see where the client meant to go without leaving the machine.
 */
export class ForwardProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly events = new EventEmitter();
  private readonly sockets = new Set<Socket | Duplex>();
  private server: Server | undefined;
  private address: string | undefined;

  constructor(private readonly options: ForwardProxyOptions = {}) {}

  /** `http://127.0.0.1:PORT`, without credentials. */
  get url(): string {
    if (this.address === undefined) throw new Error('ForwardProxy not started');
    return this.address;
  }

  /** The proxy URL with `user:password@`, for `proxy:` options. */
  urlWith(user: string, password: string): string {
    return this.url.replace('http://', `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`);
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => this.forward(request, response));
    server.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.tunnel(request, socket, head));
    server.on('connection', (socket: Socket) => this.track(socket));
    this.server = server;
    this.address = await listenOnLoopback(server);
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    // CONNECT tunnels are no longer the server's connections: end them here.
    for (const socket of this.sockets) socket.destroy();
    await closeLoopbackServer(server);
  }

  /** Resolves once `count` requests went through (or were refused by) the proxy. */
  async waitFor(count: number): Promise<ProxiedRequest[]> {
    while (this.requests.length < count) await once(this.events, 'request');
    return this.requests.slice(0, count);
  }

  private track(socket: Socket | Duplex): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private record(kind: ProxiedRequest['kind'], target: string, request: IncomingMessage): ProxiedRequest {
    const entry: ProxiedRequest = { kind, target, proxyAuthorization: request.headers['proxy-authorization'], status: 200 };
    entry.status = this.authorized(entry) ? 200 : 407;
    this.requests.push(entry);
    this.events.emit('request', entry);
    return entry;
  }

  private authorized(entry: ProxiedRequest): boolean {
    const { credentials } = this.options;
    if (credentials === undefined) return true;
    return entry.proxyAuthorization === 'Basic ' + Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64');
  }

  private tunnel(request: IncomingMessage, client: Duplex, head: Buffer): void {
    this.track(client);
    const target = request.url ?? '';
    const entry = this.record('connect', target, request);
    const [host, port] = splitHostPort(target);
    if (entry.status === 407) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!LOOPBACK.test(host)) {
      entry.status = 502;
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  private forward(request: IncomingMessage, response: ServerResponse): void {
    const target = request.url ?? '';
    const entry = this.record('forward', target, request);
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      entry.status = 400;
      response.writeHead(400).end('absolute URI expected');
      return;
    }
    if (entry.status === 407) {
      response.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    if (!LOOPBACK.test(url.hostname)) {
      entry.status = 502;
      response.writeHead(502).end();
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(url, { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }
}

function splitHostPort(target: string): [string, string] {
  const colon = target.lastIndexOf(':');
  return colon === -1 ? [target, '443'] : [target.slice(0, colon), target.slice(colon + 1)];
}
