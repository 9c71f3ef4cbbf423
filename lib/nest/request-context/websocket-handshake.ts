import type { SegmentHttpRequest } from '../segment-module.options.js';

interface UpgradeRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly socket?: { readonly remoteAddress?: string };
}

interface UpgradingServer {
  prependListener(event: 'upgrade', listener: (request: UpgradeRequest, socket: object) => void): unknown;
}

/** WebSocket upgrade requests of the app's HTTP server, by socket: the `ws` client keeps its socket, not its request. */
const upgrades = new WeakMap<object, UpgradeRequest>();
const recording = new WeakSet<object>();
/** The request each client's messages are told with, built once per connection. */
const handshakes = new WeakMap<object, SegmentHttpRequest | null>();

/**
 * Remembers the upgrade request of each WebSocket served on the app's HTTP server (gateways on
 * the app's port), so that a gateway's messages can tell the handshake's user agent. Costs
 * nothing per HTTP request: only upgrades are seen.
 */
export function recordWebSocketUpgrades(httpServer: unknown): void {
  if (httpServer === null || typeof httpServer !== 'object' || recording.has(httpServer)) return;
  const server = httpServer as Partial<UpgradingServer>;
  if (typeof server.prependListener !== 'function') return;
  server.prependListener('upgrade', (request, socket) => upgrades.set(socket, request));
  recording.add(httpServer);
}

function asRequest(headers: unknown, ip: unknown): SegmentHttpRequest | null {
  const safeHeaders = headers !== null && typeof headers === 'object' ? (headers as SegmentHttpRequest['headers']) : {};
  return { headers: safeHeaders, ip: typeof ip === 'string' ? ip : undefined };
}

/**
 * A WebSocket client's handshake as a request (`{ headers, ip }`, no URL: the page is not the
 * socket's): socket.io's `client.handshake`, or for `ws` the upgrade request of its socket. The
 * ip is the connecting address: no proxy header is read, as no adapter resolves one for sockets.
 */
export function handshakeOf(client: unknown): SegmentHttpRequest | undefined {
  if (client === null || typeof client !== 'object') return undefined;
  let handshake = handshakes.get(client);
  if (handshake === undefined) {
    const io = (client as { handshake?: { headers?: unknown; address?: unknown } }).handshake;
    // `_socket` is where `ws` keeps the connection's socket: no public accessor exists.
    const socket = (client as { _socket?: { remoteAddress?: unknown } })._socket;
    const upgrade = socket !== null && typeof socket === 'object' ? upgrades.get(socket) : undefined;
    if (io !== null && typeof io === 'object') handshake = asRequest(io.headers, io.address);
    else if (upgrade !== undefined) handshake = asRequest(upgrade.headers, upgrade.socket?.remoteAddress ?? socket?.remoteAddress);
    else if (socket !== null && typeof socket === 'object') handshake = asRequest({}, socket.remoteAddress);
    else handshake = null;
    handshakes.set(client, handshake);
  }
  return handshake ?? undefined;
}
