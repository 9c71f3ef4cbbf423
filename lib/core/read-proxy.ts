import { kindOf, type OptionReader } from './option-checks.js';
import type { ResolvedProxy } from './proxy.js';

const EXAMPLE = 'http://proxy.internal:3128';

/** Checks `proxy`; never repeats the value itself, which may carry a password. */
export function readProxy(reader: OptionReader, dispatcherGiven: boolean): ResolvedProxy | undefined {
  const { problems } = reader;
  const value = reader.options.proxy;
  if (value === undefined) return undefined;
  if (dispatcherGiven) {
    return problems.add(
      'proxy',
      'cannot be used together with dispatcher: give either dispatcher or proxy, as a proxy is itself a dispatcher (build an undici ProxyAgent into your dispatcher, or drop it and use proxy)',
    );
  }
  if (value === 'env') return { kind: 'env' };
  if (typeof value !== 'string' || value.trim() === '') return problems.add('proxy', `must be 'env' or a proxy URL such as ${EXAMPLE}; got ${kindOf(value)}`);
  let url: URL;
  try {
    // Without a scheme, `user:password@host` would parse with the user name as the scheme.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) throw new TypeError('no scheme');
    url = new URL(value.trim());
  } catch {
    return problems.add('proxy', `must be 'env' or an absolute http(s) URL such as ${EXAMPLE}; the value given is not a URL with a scheme (http://...)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return problems.add(
      'proxy',
      `must be an http:// or https:// URL such as ${EXAMPLE} (other schemes, socks included, are not supported); got ${url.protocol}//`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    // Not echoed: a password with an unencoded "/" parses as host + path and would show here.
    return problems.add(
      'proxy',
      `must be scheme://host:port with no path, query or fragment, such as ${EXAMPLE} (percent-encode "/", "?", "#" and "@" in a user name or password)`,
    );
  }
  let authorization: string | undefined;
  try {
    authorization = proxyAuthorization(url);
  } catch {
    return problems.add('proxy', 'has a user name or password with a malformed percent-escape (such as "%G1"); encode it with encodeURIComponent');
  }
  return { kind: 'url', uri: `${url.protocol}//${url.host}`, authorization };
}

/** `Basic ...` from the URL's user info; throws URIError on a malformed percent-escape. */
function proxyAuthorization(url: URL): string | undefined {
  if (!url.username && !url.password) return undefined;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return 'Basic ' + Buffer.from(credentials).toString('base64');
}
