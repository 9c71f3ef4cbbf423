import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNode } from '../support/run-node.js';
import { REPO_ROOT, privateBuild } from '../testing/support/private-build.js';

/** Lists which optional engines Node has loaded (CommonJS modules land in require.cache). */
const PROBE = `
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const loaded = () => [...new Set(Object.keys(require.cache).map((path) => /node_modules\\/(ajv|ajv-formats|json-schema-to-typescript)\\//.exec(path)?.[1]).filter(Boolean))].sort();
const { SegmentClient, scrub } = await import('nestjs-segment');
const plain = new SegmentClient({ writeKey: 'k', disable: true, middleware: [scrub({ keys: ['email'] })] });
plain.track({ userId: 'u', event: 'E' });
const atLoad = loaded();
let error;
try {
  new SegmentClient({ writeKey: 'k', disable: true, trackingPlan: { plan: { rules: [] } } });
} catch (thrown) {
  error = { name: thrown.name, option: thrown.option, message: thrown.message };
}
console.log(JSON.stringify({ atLoad, withPlan: loaded(), error }));
`;

describe('Ajv, an optional peer', () => {
  let built: string;

  beforeAll(async () => {
    built = await privateBuild('optional-ajv');
    writeFileSync(`${built}probe.mjs`, PROBE);
  }, 120_000);

  it('is not loaded by the package, nor by a client with middleware only; a client with a plan loads it', async () => {
    const run = await runNode(`${built}probe.mjs`, { cwd: built });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ atLoad: [], withPlan: ['ajv', 'ajv-formats'] });
  });

  it('when not installed, a plan fails with a SegmentConfigError that says what to install', async () => {
    // An app whose node_modules holds everything the repository has except ajv and ajv-formats.
    const app = mkdtempSync(join(tmpdir(), 'no-ajv-'));
    try {
      mkdirSync(join(app, 'node_modules'));
      for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
        if (entry === 'ajv' || entry === 'ajv-formats' || entry.startsWith('.')) continue;
        symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(app, 'node_modules', entry));
      }
      rmSync(join(app, 'node_modules', 'nestjs-segment'), { force: true, recursive: true });
      cpSync(`${built}node_modules/nestjs-segment`, join(app, 'node_modules', 'nestjs-segment'), { recursive: true });
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'no-ajv', private: true, type: 'module' }));
      writeFileSync(join(app, 'probe.mjs'), PROBE);
      const run = await runNode(join(app, 'probe.mjs'), { cwd: app });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toEqual({
        atLoad: [],
        withPlan: [],
        error: {
          name: 'SegmentConfigError',
          option: 'trackingPlan',
          message: 'trackingPlan needs the optional peer dependencies ajv and ajv-formats, and ajv is not installed: npm install ajv ajv-formats',
        },
      });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
