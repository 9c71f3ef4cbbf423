import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from '../support/run-node.js';
import { REPO_ROOT, privateBuild } from './support/private-build.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the testing kit without Jest', () => {
  it('imports no test runner: its code names neither jest nor expect', () => {
    for (const file of sourcesUnder(join(REPO_ROOT, 'lib/testing'))) {
      const code = readFileSync(file, 'utf8');
      expect({ file, imports: code.match(/from '(@jest\/[^']+|jest[^']*|vitest|mocha|chai)'/g) ?? [] }).toEqual({ file, imports: [] });
      expect({ file, globals: /\bexpect\(|\bjest\./.test(code) }).toEqual({ file, globals: false });
    }
  });

  it('runs under node:test from an installed copy, imported from ESM and required from CommonJS', async () => {
    const root = await privateBuild('kit-node-test');
    copyFileSync(join(fixtures, 'kit-node-test.mjs'), join(root, 'kit.test.mjs'));
    copyFileSync(join(fixtures, 'kit-node-test.cjs'), join(root, 'kit.test.cjs'));
    const run = await runNode('kit.test.mjs', { cwd: root, args: ['--test', '--test-reporter=tap', 'kit.test.cjs'] });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/# pass 2\b/);
    expect(run.stdout).toMatch(/# fail 0\b/);
  });
});
