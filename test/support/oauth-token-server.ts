import { EventEmitter, once } from 'node:events';
import { randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { closeLoopbackServer, listenOnLoopback } from './listen-on-loopback.js';

export interface TokenServerOptions {
  clientId: string;
  keyId: string;
  /** Verifies the client assertions' signatures. */
  publicKey: KeyObject;
  /** Seconds, as answered in `expires_in`. Default 3600. */
  expiresIn?: number;
  /** This server's clock minus the real one: for the `Date` header and for checking iat/exp. */
  clockOffsetMs?: number;
  scope?: string;
}

/** A scripted answer, given instead of checking the assertion. */
export interface PlannedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TokenRequestRecord {
  /** Real (unskewed) local time the request arrived, ms. */
  readonly receivedAt: number;
  readonly contentType: string | undefined;
  readonly rawBody: string;
  readonly form: URLSearchParams;
  /** Protected header and claims of the assertion (decoded after verification, or undefined). */
  header?: Record<string, unknown>;
  claims?: JWTPayload;
  status?: number;
  /** `error: error_description` when refused. */
  refusal?: string;
  /** The token issued, when one was, and when it expires (real clock, ms). */
  token?: string;
  tokenExpiresAt?: number;
}

/**
 * An OAuth 2.0 token endpoint on 127.0.0.1 that checks client assertions the way Segment's does:
 * RS256 signature with the uploaded public key, `kid`, iss = sub = clientId, aud = this server,
 * iat/exp on its own clock, a jti never seen before, and the form fields of RFC 7523.
 */
export class OAuthTokenServer {
  readonly requests: TokenRequestRecord[] = [];
  private readonly issued = new Map<string, { expiresAt: number }>();
  private readonly revoked = new Set<string>();
  private readonly seenJti = new Set<string>();
  private readonly planned: Array<PlannedAnswer | ((record: TokenRequestRecord) => PlannedAnswer)> = [];
  private refuseAll = false;
  private readonly events = new EventEmitter();
  private held: Promise<void> | undefined;
  private server: Server | undefined;
  private address: string | undefined;
  expiresIn: number;
  clockOffsetMs: number;

  constructor(private readonly options: TokenServerOptions) {
    this.expiresIn = options.expiresIn ?? 3600;
    this.clockOffsetMs = options.clockOffsetMs ?? 0;
  }

  /** `http://127.0.0.1:PORT`: the `oauth.authServer`, and the assertions' expected audience. */
  get url(): string {
    if (this.address === undefined) throw new Error('OAuthTokenServer not started');
    return this.address;
  }

  get tokens(): string[] {
    return this.requests.flatMap((request) => (request.token === undefined ? [] : [request.token]));
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    this.address = await listenOnLoopback(server);
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await closeLoopbackServer(server);
  }

  /** The next requests get these answers (or answers made from the request), in order. */
  plan(...answers: Array<PlannedAnswer | ((record: TokenRequestRecord) => PlannedAnswer)>): void {
    this.planned.push(...answers);
  }

  /** Requests are recorded but not answered until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = undefined;
      release();
    };
  }

  /** Resolves once `count` token requests have arrived (already, or later). */
  async waitForRequests(count: number): Promise<TokenRequestRecord[]> {
    while (this.requests.length < count) await once(this.events, 'request');
    return this.requests.slice(0, count);
  }

  /** Resolves once `count` requests have been answered. */
  async waitForAnswers(count: number): Promise<TokenRequestRecord[]> {
    const answered = () => this.requests.filter((request) => request.status !== undefined);
    while (answered().length < count) await once(this.events, 'answered');
    return answered().slice(0, count);
  }

  /** Whether the tracking API should accept this bearer token: issued here, not expired, not revoked. */
  isValid(token: string): boolean {
    const entry = this.issued.get(token);
    return entry !== undefined && Date.now() < entry.expiresAt && !this.revoked.has(token) && !this.refuseAll;
  }

  /** From now on no token is valid for the tracking API (an OAuth app without access to the source). */
  revokeAll(): void {
    this.refuseAll = true;
  }

  revoke(token: string): void {
    this.revoked.add(token);
  }

  private now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const record: TokenRequestRecord = {
      receivedAt: Date.now(),
      contentType: request.headers['content-type'],
      rawBody,
      form: new URLSearchParams(rawBody),
    };
    this.requests.push(record);
    this.events.emit('request', record);
    if (this.held !== undefined) await this.held;

    const planned = this.planned.shift();
    if (request.method !== 'POST' || request.url !== '/token') {
      this.answer(response, record, { status: 404, body: { error: 'not_found' } });
    } else if (planned !== undefined) {
      this.answer(response, record, typeof planned === 'function' ? planned(record) : planned);
    } else {
      this.answer(response, record, await this.verify(record));
    }
  }

  private async verify(record: TokenRequestRecord): Promise<PlannedAnswer> {
    const { form } = record;
    const { clientId, keyId, publicKey } = this.options;
    const refuse = (error: string, description: string): PlannedAnswer => ({ status: 400, body: { error, error_description: description } });
    if (record.contentType !== 'application/x-www-form-urlencoded') return refuse('invalid_request', `content-type ${record.contentType}`);
    if (form.get('grant_type') !== 'client_credentials') return refuse('unsupported_grant_type', `grant_type ${form.get('grant_type')}`);
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return refuse('invalid_request', 'client_assertion_type');
    if (form.get('scope') !== (this.options.scope ?? 'tracking_api:write')) return refuse('invalid_scope', `scope ${form.get('scope')}`);
    const assertion = form.get('client_assertion') ?? '';
    try {
      record.header = decodeProtectedHeader(assertion) as Record<string, unknown>;
      if (record.header.kid !== keyId) return refuse('invalid_client', `unknown kid ${String(record.header.kid)}`);
      const { payload } = await jwtVerify(assertion, publicKey, {
        algorithms: ['RS256'],
        issuer: clientId,
        subject: clientId,
        audience: this.url,
        currentDate: new Date(this.now()),
        maxTokenAge: '2 minutes',
        requiredClaims: ['iat', 'exp', 'jti'],
      });
      record.claims = payload;
    } catch (error) {
      return refuse('invalid_grant', `client assertion rejected: ${(error as Error).message}`);
    }
    const { jti, iat, exp } = record.claims;
    if (typeof jti !== 'string' || this.seenJti.has(jti)) return refuse('invalid_grant', 'jti reused');
    this.seenJti.add(jti);
    if (exp! - iat! > 300) return refuse('invalid_grant', 'assertion lifetime over 5 minutes');
    const token = randomBytes(24).toString('base64url');
    record.tokenExpiresAt = Date.now() + this.expiresIn * 1000;
    this.issued.set(token, { expiresAt: record.tokenExpiresAt });
    record.token = token;
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.expiresIn, scope: form.get('scope') } };
  }

  private answer(response: ServerResponse, record: TokenRequestRecord, answer: PlannedAnswer): void {
    record.status = answer.status;
    const body = answer.body as { error?: string; error_description?: string } | undefined;
    if (answer.status !== 200 && body?.error !== undefined) record.refusal = `${body.error}: ${body.error_description ?? ''}`;
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      date: new Date(this.now()).toUTCString(),
      ...answer.headers,
    });
    response.end(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    this.events.emit('answered', record);
  }
}
