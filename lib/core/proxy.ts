import { EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { SegmentConfigError } from './errors.js';

/**
 * `'env'`: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (lower-case names win, as in curl), read when
 * the client is created. A URL (`http://proxy.internal:3128`, credentials allowed): every request
 * goes through that proxy, https targets through a CONNECT tunnel.
 */
export type ProxySetting = 'env' | (string & {});

/** The proxy with its credentials taken out of the URL, so no error or log line can show them. */
export type ResolvedProxy =
  | { readonly kind: 'env' }
  | {
      readonly kind: 'url';
      /** scheme://host:port, no user info. */
      readonly uri: string;
      /** `Basic ...` from the URL's user info, sent as Proxy-Authorization. */
      readonly authorization: string | undefined;
    };

const EXAMPLE = 'http://proxy.internal:3128';

/** Checks `proxy`; never repeats the value itself, which may carry a password. */
export function resolveProxy(value: unknown, dispatcherGiven: boolean): ResolvedProxy | undefined {
  if (value === undefined) return undefined;
  if (dispatcherGiven) {
    throw new SegmentConfigError(
      'proxy',
      'give either dispatcher or proxy, not both: a proxy is itself a dispatcher (build an undici ProxyAgent into your dispatcher, or drop it and use proxy).',
    );
  }
  if (value === 'env') return { kind: 'env' };
  if (typeof value !== 'string' || value.trim() === '') {
    throw new SegmentConfigError(
      'proxy',
      `proxy must be 'env' or a proxy URL such as ${EXAMPLE}; got ${typeof value === 'string' ? 'an empty string' : typeof value}.`,
    );
  }
  let url: URL;
  try {
    // Without a scheme, `user:password@host` would parse with the user name as the scheme.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) throw new TypeError('no scheme');
    url = new URL(value.trim());
  } catch {
    throw new SegmentConfigError(
      'proxy',
      `proxy must be 'env' or an absolute http(s) URL such as ${EXAMPLE}; the value given is not a URL with a scheme (http://...).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SegmentConfigError('proxy', `proxy must be an http:// or https:// URL such as ${EXAMPLE}; got ${url.protocol}//.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    // Not echoed: a password with an unencoded "/" parses as host + path and would show here.
    throw new SegmentConfigError(
      'proxy',
      `proxy must be scheme://host:port with no path or query, such as ${EXAMPLE} (percent-encode "/", "?", "#" and "@" in a user name or password).`,
    );
  }
  return { kind: 'url', uri: `${url.protocol}//${url.host}`, authorization: proxyAuthorization(url) };
}

function proxyAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  let credentials: string;
  try {
    credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  } catch {
    throw new SegmentConfigError(
      'proxy',
      'the proxy URL has a user name or password with a malformed percent-escape (such as "%G1"); encode it with encodeURIComponent.',
    );
  }
  return 'Basic ' + Buffer.from(credentials).toString('base64');
}

/** The undici dispatcher for a resolved proxy, pooled like the client's own Agent. */
export function createProxyDispatcher(proxy: ResolvedProxy, agent: { keepAliveTimeout: number; connections: number }): Dispatcher {
  if (proxy.kind === 'env') return new EnvHttpProxyAgent(agent);
  return new ProxyAgent({ ...agent, uri: proxy.uri, token: proxy.authorization });
}
