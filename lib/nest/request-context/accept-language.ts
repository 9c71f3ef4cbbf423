const TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The preferred language of an Accept-Language header (`fr-CH, fr;q=0.9` -> `fr-CH`): the tag
 * with the highest q, the first among equals. Undefined for `*`, malformed or absent headers.
 */
export function preferredLocale(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value.length === 0) return undefined;
  // Fast path, exact: a first entry without parameters has q=1, the highest, and comes first.
  const comma = value.indexOf(',');
  const first = (comma < 0 ? value : value.slice(0, comma)).trim();
  if (!first.includes(';') && TAG.test(first)) return first;
  let best: string | undefined;
  let bestQ = 0;
  // Bounded: a hostile header with thousands of entries costs no more than the first 20.
  for (const entry of value.split(',', 20)) {
    const [rawTag, ...params] = entry.split(';');
    const tag = rawTag!.trim();
    if (!TAG.test(tag)) continue;
    let q = 1;
    for (const param of params) {
      const [key, weight] = param.split('=');
      if (key?.trim() === 'q') q = Number(weight);
    }
    if (Number.isFinite(q) && q > bestQ) [best, bestQ] = [tag, q];
  }
  return best;
}
