import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNode } from '../support/run-node.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Inside the repository, so the consumer resolves the package's own dependencies and peers
// (undici, @nestjs/*) from the repository's node_modules, as an app's install would provide them.
const consumer = fileURLToPath(new URL('../../.tmp/consumer/', import.meta.url));
const installed = consumer + 'node_modules/nestjs-segment/';

const esmApp = `
import { SegmentClient, SegmentValidationError, SegmentConfigError, messageIdFor, LIBRARY_VERSION } from 'nestjs-segment';
import { SegmentCollector } from 'nestjs-segment/testing';
const collector = new SegmentCollector();
const client = new SegmentClient({ writeKey: 'packed-key', host: await collector.start() });
client.track({ userId: 'u', event: 'From ESM' });
const result = await client.close();
await collector.stop();
console.log(JSON.stringify({ delivered: result.delivered, received: collector.messages.length, version: LIBRARY_VERSION,
  errors: [typeof SegmentValidationError, typeof SegmentConfigError], id: messageIdFor('a').length }));
`;

const cjsApp = `
const { SegmentClient, SegmentValidationError } = require('nestjs-segment');
const { SegmentCollector } = require('nestjs-segment/testing');
(async () => {
  const collector = new SegmentCollector();
  const client = new SegmentClient({ writeKey: 'packed-key', host: await collector.start() });
  client.track({ userId: 'u', event: 'From CommonJS' });
  const result = await client.close();
  await collector.stop();
  console.log(JSON.stringify({ delivered: result.delivered, received: collector.messages.length, validation: typeof SegmentValidationError }));
})();
`;

describe('the packed package', () => {
  let files: string[];

  beforeAll(() => {
    // dist/ is what `npm test` built first; --ignore-scripts keeps pack from rebuilding it
    // under the feet of other suites that run the built package.
    rmSync(consumer, { recursive: true, force: true });
    mkdirSync(installed, { recursive: true });
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', consumer], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    files = packed[0].files.map((file: { path: string }) => file.path);
    execFileSync('tar', ['-xzf', consumer + packed[0].filename, '-C', installed, '--strip-components=1']);
    writeFileSync(consumer + 'package.json', JSON.stringify({ name: 'consumer', private: true }));
    writeFileSync(consumer + 'esm-app.mjs', esmApp);
    writeFileSync(consumer + 'cjs-app.cjs', cjsApp);
  }, 120_000);

  it('ships the built code, its types and the manifest, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts']));
    expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
    expect(files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
  });

  it('is imported by an ESM app, main and testing entry points', async () => {
    const run = await runNode(consumer + 'esm-app.mjs', { cwd: consumer });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 1, received: 1, version: '0.1.0', errors: ['function', 'function'], id: 36 });
  });

  it('is require()d by a CommonJS app, without warnings', async () => {
    const run = await runNode(consumer + 'cjs-app.cjs', { cwd: consumer });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 1, received: 1, validation: 'function' });
  });
});
