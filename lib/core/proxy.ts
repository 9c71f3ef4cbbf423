import { EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';

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

/** The undici dispatcher for a resolved proxy, pooled like the client's own Agent. */
export function createProxyDispatcher(proxy: ResolvedProxy, agent: { keepAliveTimeout: number; connections: number }): Dispatcher {
  if (proxy.kind === 'env') return new EnvHttpProxyAgent(agent);
  return new ProxyAgent({ ...agent, uri: proxy.uri, token: proxy.authorization });
}
