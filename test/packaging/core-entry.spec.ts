import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SegmentCollector } from '../../lib/testing/index.js';
import { runNode } from '../support/run-node.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * `nestjs-segment/core` is the client without the framework: it must load, send and close where
 * no Nest package (and none of the optional engines) can be resolved at all. The built package
 * is copied next to node_modules that hold only the client's own dependencies, outside the
 * repository (whose own node_modules would otherwise be found by walking up).
 */
describe('the framework-free entry nestjs-segment/core', () => {
  const collector = new SegmentCollector();
  let place: string;

  beforeAll(async () => {
    await collector.start();
    place = mkdtempSync(join(tmpdir(), 'nestjs-segment-core-')) + '/';
    const installed = `${place}node_modules/nestjs-segment/`;
    mkdirSync(installed, { recursive: true });
    cpSync(`${root}dist`, `${installed}dist`, { recursive: true });
    cpSync(`${root}package.json`, `${installed}package.json`);
    for (const dependency of ['undici', 'jose', 'rxjs', 'tslib']) symlinkSync(`${root}node_modules/${dependency}`, `${place}node_modules/${dependency}`);
    writeFileSync(`${place}package.json`, JSON.stringify({ type: 'module' }));
  });
  afterAll(async () => {
    await collector.stop();
    rmSync(place, { recursive: true, force: true });
  });

  it('loads and delivers with no @nestjs package, class-validator, Ajv or BullMQ installed', async () => {
    const app = `${place}app.mjs`;
    writeFileSync(
      app,
      `import { SegmentClient } from 'nestjs-segment/core';
       const client = new SegmentClient({ writeKey: 'core-only', host: process.env.COLLECTOR_URL });
       client.track({ userId: 'u', event: 'Framework Free' });
       console.log(JSON.stringify(await client.close()));`,
    );
    const run = await runNode(app, { env: { COLLECTOR_URL: collector.url }, cwd: place });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ delivered: 1, failed: 0, dropped: 0 });
    expect(collector.messages.map((message) => message.event)).toEqual(['Framework Free']);
  });

  it('the root entry, by contrast, needs Nest', async () => {
    const app = `${place}root.mjs`;
    writeFileSync(app, `await import('nestjs-segment');`);
    const run = await runNode(app, { cwd: place });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('@nestjs/');
  });
});
