/**
 * A Redis URL as it may be shown: scheme, host, port and database, with any user name and
 * password replaced, so a log line or an error can say which Redis without giving access to it.
 */
export function redactRedisUrl(url: URL): string {
  const credentials = url.username !== '' || url.password !== '' ? '***@' : '';
  return `${url.protocol}//${credentials}${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** What must never be shown of a Redis URL: the whole text, the password as written and decoded. */
export function redisSecrets(text: string, url: URL): string[] {
  const secrets = [text];
  if (url.password !== '') {
    secrets.push(url.password);
    try {
      secrets.push(decodeURIComponent(url.password));
    } catch {
      // A malformed escape is refused by the option check; the raw form is already listed.
    }
  }
  return secrets;
}
