import type { SegmentClientOptions } from './client-options.js';

/**
 * An option's value as shown in a config error: short and typed. A string that holds a
 * secret (values pasted into the wrong option, env vars swapped) is never shown: the write key,
 * a private key (the one given, or anything PEM-like), the proxy URL or its password, or any
 * URL with user:password@ credentials.
 */
export function describeOptionValue(value: unknown, options: Partial<SegmentClientOptions> = {}): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const secret = secretIn(value, options);
    if (secret !== undefined) return `a string that contains ${secret} (not shown)`;
    return `the string "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  }
  if (typeof value === 'number' && Number.isNaN(value)) return 'a value that is not a number';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Which secret of `options` the text contains, if any. */
export function secretIn(text: string, options: Partial<SegmentClientOptions>): string | undefined {
  const includes = (secret: unknown): boolean => typeof secret === 'string' && secret.trim() !== '' && text.includes(secret.trim());
  if (includes(options.writeKey) || includes(base64(options.writeKey))) return 'the write key';
  const privateKey = (options.oauth as { privateKey?: unknown } | undefined)?.privateKey;
  if (includes(privateKey) || /-----BEGIN|PRIVATE KEY/.test(text)) return 'a private key';
  if (options.proxy !== 'env' && includes(options.proxy)) return 'the proxy URL';
  if (proxyPasswords(options.proxy).some(includes)) return 'the proxy password';
  if (/\/\/[^/@\s]*:[^/@\s]*@/.test(text)) return 'a URL with credentials';
  return undefined;
}

/** Every secret of `options` as text, for redacting messages built from other sources. */
export function secretsOf(options: SegmentClientOptions): string[] {
  if (options === null || typeof options !== 'object') return [];
  const found = [
    options.writeKey,
    base64(options.writeKey),
    (options.oauth as { privateKey?: unknown } | undefined)?.privateKey,
    ...proxyPasswords(options.proxy),
  ];
  return found.filter((secret): secret is string => typeof secret === 'string' && secret.trim().length >= 4);
}

function base64(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? Buffer.from(value).toString('base64') : undefined;
}

/** The password of a proxy URL, as written and decoded; none when it does not parse. */
function proxyPasswords(proxy: unknown): string[] {
  if (typeof proxy !== 'string') return [];
  try {
    const { password } = new URL(proxy.trim());
    return password === '' ? [] : [password, decodeURIComponent(password)];
  } catch {
    return [];
  }
}
