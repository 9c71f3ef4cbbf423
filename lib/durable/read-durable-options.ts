import { fieldsOf, kindOf, wholeNumber, type OptionReader } from '../core/option-checks.js';
import { DEFAULT_MAX_BACKLOG, DEFAULT_VISIBILITY_TIMEOUT, defaultQueueName, type DurableSettings } from './durable-options.js';
import { redactRedisUrl, redisSecrets } from './redis-url.js';
import { keyFingerprint } from './stored-batch.js';

const EXAMPLE = 'redis://127.0.0.1:6379';

/** Checks `durable` field by field; the URL itself is never repeated (it may carry a password). */
export function readDurableOptions(reader: OptionReader, value: unknown, writeKey: string): DurableSettings | undefined {
  const { problems } = reader;
  const options = fieldsOf(reader, 'durable', value, `{ url: '${EXAMPLE}' }`);
  if (options === undefined) return undefined;
  const url = readRedisUrl(reader, options.url);
  const queue = options.queue ?? defaultQueueName(writeKey);
  if (typeof queue !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(queue)) {
    problems.add(
      'durable.queue',
      `must be 1 to 100 letters, digits, "_", "." or "-" (BullMQ keys use ":"); got ${typeof queue === 'string' ? `"${queue.slice(0, 40)}"` : typeof queue}`,
    );
  }
  const maxBacklog = wholeNumber(reader, 'durable.maxBacklog', options.maxBacklog, DEFAULT_MAX_BACKLOG, 1);
  const visibilityTimeout = wholeNumber(reader, 'durable.visibilityTimeout', options.visibilityTimeout, DEFAULT_VISIBILITY_TIMEOUT, 100);
  if (url === undefined || typeof queue !== 'string' || problems.found.some((problem) => problem.option.startsWith('durable.'))) return undefined;
  return {
    url: url.text,
    shownUrl: redactRedisUrl(url.parsed),
    secrets: redisSecrets(url.text, url.parsed),
    queue,
    maxBacklog,
    visibilityTimeout,
    keyFingerprint: keyFingerprint(writeKey),
  };
}

function readRedisUrl(reader: OptionReader, text: unknown): { text: string; parsed: URL } | undefined {
  const { problems } = reader;
  if (typeof text !== 'string' || text.trim() === '') return problems.add('durable.url', `must be a Redis URL such as ${EXAMPLE}; got ${kindOf(text)}`);
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return problems.add('durable.url', `must be a Redis URL such as ${EXAMPLE}; the value is not a URL (not shown: it may hold a password)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return problems.add('durable.url', `must start with redis:// (or rediss:// for TLS), such as ${EXAMPLE}; got ${url.protocol}//`);
  }
  if (url.hostname === '') return problems.add('durable.url', `must name a host, such as ${EXAMPLE}`);
  if (!/^\/?\d*$/.test(url.pathname)) {
    return problems.add('durable.url', 'may end with a database number (redis://host:6379/2) and nothing else; the path is not one (not shown)');
  }
  return { text: text.trim(), parsed: url };
}
