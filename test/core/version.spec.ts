import { readFileSync } from 'node:fs';
import { LIBRARY_NAME, LIBRARY_VERSION } from '../../lib/index.js';

describe('library identity', () => {
  it('matches package.json, so context.library and User-Agent tell the truth', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(LIBRARY_NAME).toBe(pkg.name);
    expect(LIBRARY_VERSION).toBe(pkg.version);
  });
});
