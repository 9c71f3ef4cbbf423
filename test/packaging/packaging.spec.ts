import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readmeBlock } from '../readme/support/readme.js';
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
const page = await Promise.all(['/', '/debugger/app.js', '/debugger/app.css'].map(async (path) => (await fetch(collector.url + path)).text()));
await collector.stop();
console.log(JSON.stringify({ delivered: result.delivered, received: collector.messages.length, version: LIBRARY_VERSION,
  errors: [typeof SegmentValidationError, typeof SegmentConfigError], id: messageIdFor('a').length,
  debuggerPage: [page[0].includes('<title>Segment event debugger</title>'), page[1].includes('EventSource'), page[2].includes('.row')] }));
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

// Beside the README's kit test: it fails unless the test set-up emits the decorator metadata
// Nest reads to inject SegmentService into the controller's constructor.
const refundSpec = `
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SegmentRecorder, SegmentTestingModule } from 'nestjs-segment/testing';
import { OrdersController } from './orders.controller.js';

describe('refunds', () => {
  it('tracks Order Refunded through the injected SegmentService', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [SegmentTestingModule.forRoot({ user: () => ({ userId: 'u1' }) })],
      controllers: [OrdersController],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    await request(app.getHttpServer()).post('/orders/o-7/refund').expect(201);
    app.get(SegmentRecorder).expectTracked('Order Refunded', { userId: 'u1', properties: { orderId: 'o-7' } });
    await app.close();
  });
});
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
    writeCommonJsNestApp();
  }, 120_000);

  it('ships the built code, its types and the manifest, and no sources or tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts']));
    expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))).toEqual([]);
    expect(files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
  });

  it('is imported by an ESM app, main and testing entry points; its collector serves the debugger page', async () => {
    const run = await runNode(consumer + 'esm-app.mjs', { cwd: consumer });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 1, received: 1, version: '0.1.0', errors: ['function', 'function'], id: 36, debuggerPage: [true, true, true] });
  });

  it('is require()d by a CommonJS app, without warnings', async () => {
    const run = await runNode(consumer + 'cjs-app.cjs', { cwd: consumer });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ delivered: 1, received: 1, validation: 'function' });
  });

  describe('in a CommonJS Nest app (no "type": "module", tsconfig module commonjs)', () => {
    it.each([
      ['module commonjs, no moduleResolution', 'tsconfig.json'],
      // What TypeScript up to 6 does with module commonjs and no moduleResolution (node10): it
      // ignores `exports`. TypeScript 7 has no node10 any more; this is its exact equivalent.
      ['the classic node10 resolution, which ignores exports', 'tsconfig.node10.json'],
      ['nodenext', 'tsconfig.nodenext.json'],
    ])('has the types of nestjs-segment and nestjs-segment/testing under %s', (_mode, tsconfig) => {
      const run = spawnSync(process.execPath, [root + 'node_modules/typescript/bin/tsc', '-p', tsconfig], { cwd: consumer, encoding: 'utf8' });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    }, 60_000);

    it("runs the README's kit test unchanged under the README's Jest ESM set-up", () => {
      const command = readmeBlock('With Jest in ESM mode', 'bash').body.trim();
      const run = spawnSync('sh', ['-c', command], { cwd: consumer, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      expect(run.stderr).toMatch(/Tests:\s+2 passed, 2 total/);
      expect(run.status).toBe(0);
    }, 120_000);

    it("runs the README's kit test unchanged under the README's Vitest set-up", () => {
      const command = readmeBlock('With Vitest', 'bash').body.trim();
      const run = spawnSync('sh', ['-c', command], { cwd: consumer, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', CI: '1', NO_COLOR: '1' } });
      expect(run.stdout + run.stderr).toMatch(/Tests\s+2 passed \(2\)/);
      expect(run.status).toBe(0);
    }, 120_000);
  });
});

/**
 * The quick start's app and the kit's test, as README.md has them, in a CommonJS project that
 * uses the packed package: compiled by tsc and tested by Jest and by Vitest with the README's configurations.
 */
function writeCommonJsNestApp(): void {
  mkdirSync(consumer + 'src');
  writeFileSync(consumer + 'src/app.module.ts', readmeBlock('Five-minute Nest quick start', 'ts', '// app.module.ts').body);
  writeFileSync(consumer + 'src/orders.controller.ts', readmeBlock('Five-minute Nest quick start', 'ts', '// orders.controller.ts').body);
  writeFileSync(consumer + 'src/orders.spec.ts', readmeBlock('Recording instead of sending', 'ts').body);
  writeFileSync(consumer + 'src/refund.spec.ts', refundSpec);
  writeFileSync(consumer + 'jest.config.cjs', readmeBlock('With Jest in ESM mode', 'js').body);
  writeFileSync(consumer + 'vitest.config.mjs', readmeBlock('With Vitest', 'js').body);
  // The README's commands run the app's own jest and vitest; here those are the repository's.
  mkdirSync(consumer + 'node_modules/.bin', { recursive: true });
  symlinkSync(root + 'node_modules/jest', consumer + 'node_modules/jest', 'dir');
  symlinkSync(root + 'node_modules/vitest', consumer + 'node_modules/vitest', 'dir');
  symlinkSync('../vitest/vitest.mjs', consumer + 'node_modules/.bin/vitest');
  // As `nest new` writes it for a CommonJS app.
  const compilerOptions = {
    module: 'commonjs',
    target: 'es2022',
    strict: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node', 'jest'],
  };
  writeFileSync(consumer + 'tsconfig.json', JSON.stringify({ compilerOptions, include: ['src'] }));
  writeFileSync(consumer + 'tsconfig.node10.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { moduleResolution: 'bundler', resolvePackageJsonExports: false } }));
  writeFileSync(consumer + 'tsconfig.nodenext.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'nodenext' } }));
}
