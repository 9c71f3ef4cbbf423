import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { SegmentClientOptions, SegmentError, SegmentEvent, SegmentLogger } from '../../lib/index.js';
import { SegmentCollector } from '../../lib/testing/index.js';
import { OAuthTokenServer, type TokenServerOptions } from './oauth-token-server.js';

export const CLIENT_ID = 'oauth-app-7f3c';
export const KEY_ID = 'key-2026-a';
export const WRITE_KEY = 'oauth-world-write-key';

export interface RsaKeys {
  privateKey: KeyObject;
  /** PKCS#8 PEM, as `openssl genpkey` writes it. */
  privatePem: string;
  publicKey: KeyObject;
}

export function generateRsaKeys(bits = 2048): RsaKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { privateKey, publicKey, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** A line from the middle of a PEM: what a leaked key would show in a log. */
export function pemFragment(pem: string): string {
  const lines = pem.trim().split('\n');
  return lines[Math.floor(lines.length / 2)]!;
}

/**
 * A token server plus a collector that accepts only bearer tokens the token server issued (and
 * still holds valid) together with the right write key in the body: Segment's tracking API
 * with OAuth enforced.
 */
export class OAuthWorld {
  readonly tokenServer: OAuthTokenServer;
  readonly collector: SegmentCollector;
  /** Every Authorization header the collector saw, in order, with whether it was accepted. */
  readonly presented: Array<{ authorization: string | undefined; accepted: boolean }> = [];

  constructor(
    readonly keys: RsaKeys,
    server: Partial<TokenServerOptions> = {},
  ) {
    this.tokenServer = new OAuthTokenServer({ clientId: CLIENT_ID, keyId: KEY_ID, publicKey: keys.publicKey, ...server });
    this.collector = new SegmentCollector({
      authorize: (authorization, bodyWriteKey) => {
        const accepted =
          authorization !== undefined &&
          authorization.startsWith('Bearer ') &&
          this.tokenServer.isValid(authorization.slice('Bearer '.length)) &&
          bodyWriteKey === WRITE_KEY;
        this.presented.push({ authorization, accepted });
        return accepted;
      },
    });
  }

  async start(): Promise<this> {
    await Promise.all([this.tokenServer.start(), this.collector.start()]);
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([this.tokenServer.stop(), this.collector.stop()]);
  }

  /** Every secret this world saw: the write key, a line of the private key, tokens, assertions. */
  secrets(): string[] {
    return [
      WRITE_KEY,
      pemFragment(this.keys.privatePem),
      ...this.tokenServer.tokens,
      ...this.tokenServer.requests.map((request) => request.form.get('client_assertion') ?? ''),
    ].filter((secret) => secret.length > 0);
  }

  /** Client options pointing at this world, OAuth on; fast retries so failures show quickly. */
  clientOptions(extra: Partial<SegmentClientOptions> = {}): SegmentClientOptions {
    return {
      writeKey: WRITE_KEY,
      host: this.collector.url,
      oauth: { clientId: CLIENT_ID, keyId: KEY_ID, privateKey: this.keys.privatePem, authServer: this.tokenServer.url },
      flushInterval: 60_000,
      minRetryDelay: 5,
      maxRetryDelay: 50,
      ...extra,
    };
  }
}

/** Everything the client said: log lines, events (errors' messages included), errors handed to onError. */
export function everythingSaid(logger: WatchedLogger, events: readonly SegmentEvent[], errors: readonly SegmentError[] = []): string {
  return [
    logger.text,
    ...events.map((event) => {
      const error = 'error' in event ? (typeof event.error === 'string' ? event.error : event.error.message) : '';
      return `${JSON.stringify(event)} ${error}`;
    }),
    ...errors.map((error) => `${error.message} ${JSON.stringify(error)}`),
  ].join('\n');
}

type Level = 'log' | 'warn' | 'error' | 'debug';

/** Keeps every line, and lets a test await one: the client's own account of what it did. */
export class WatchedLogger implements SegmentLogger {
  readonly lines: Array<{ level: Level; message: string }> = [];
  private readonly said = new EventEmitter();

  log(message: string): void {
    this.add('log', message);
  }

  warn(message: string): void {
    this.add('warn', message);
  }

  error(message: string): void {
    this.add('error', message);
  }

  debug(message: string): void {
    this.add('debug', message);
  }

  at(level: Level): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  get text(): string {
    return this.lines.map((line) => `${line.level}: ${line.message}`).join('\n');
  }

  /** Resolves once `count` lines (any level) have matched `pattern`. */
  async waitFor(pattern: RegExp, count = 1): Promise<void> {
    while (this.lines.filter((line) => pattern.test(line.message)).length < count) await once(this.said, 'line');
  }

  private add(level: Level, message: string): void {
    this.lines.push({ level, message });
    this.said.emit('line');
  }
}
