import { chromium, type Browser, type Page } from 'playwright-core';

// Page-side code is written as expressions: this project type-checks without the DOM library.

/** Debian's Chromium, headless; playwright's own browser downloads are never used. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
}

/** A debugger page, live, in UTC (so times read the same on every machine), and every URL it asked for. */
export interface OpenedDebugger {
  readonly page: Page;
  readonly requested: string[];
}

export async function openDebugger(browser: Browser, url: string): Promise<OpenedDebugger> {
  const context = await browser.newContext({ timezoneId: 'UTC', viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(`${url}/`);
  await page.locator('#connection', { hasText: '● live' }).waitFor();
  return { page, requested };
}

/** The visible rows, newest request first: status, type, event or name, user, client, time. */
export const VISIBLE_ROWS = `Array.from(document.querySelectorAll('.row'))
  .filter((row) => row.checkVisibility())
  .map((row) => Array.from(row.children, (cell) => cell.textContent))`;

/** The header of each visible request, newest first, its parts joined with ' | '. */
export const VISIBLE_REQUESTS = `Array.from(document.querySelectorAll('.batch'))
  .filter((batch) => batch.checkVisibility())
  .map((batch) => Array.from(batch.querySelector('header').children, (part) => part.textContent).join(' | '))`;

/** The counters, as shown. */
export const COUNTERS = `Object.fromEntries(['messages', 'batches', 'duplicates', 'violations', 'bytes']
  .map((name) => [name, document.getElementById('count-' + name).textContent]))`;

/** What the notice line says ('' when hidden). */
export const NOTICE = `(() => { const notice = document.getElementById('notice'); return notice.hidden ? '' : notice.textContent; })()`;

/** Waits until `expression` (run in the page) equals `expected`; on timeout, fails with Jest's diff of what it last read. */
export async function expectInPage(page: Page, expression: string, expected: unknown): Promise<void> {
  try {
    // Interval polling rather than requestAnimationFrame: a page in the background gets no frames.
    await page.waitForFunction(`JSON.stringify(${expression}) === ${JSON.stringify(JSON.stringify(expected))}`, undefined, { polling: 50, timeout: 10_000 });
  } catch {
    expect(await page.evaluate(expression)).toEqual(expected);
  }
}

/** Bytes as the page prints them. */
export function pageBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
