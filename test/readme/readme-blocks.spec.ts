/**
 * The team rule: every code block in README.md is exercised by a test.
 *
 * - A ```ts block is proven by a mirror: some `*.ts` file under test/ or sample-app/ holds its
 *   lines consecutively and verbatim (each line trimmed; blank and comment-only lines ignored),
 *   inside code a test runs. The mirrors of the README's own sections are test/readme/*.readme.spec.ts
 *   (and the modules under test/readme/blocks/ they import); a new section's mirror can live
 *   anywhere under test/ or sample-app/, and is found without being listed here.
 * - Any other block (shell, JSON, program output) is listed in NON_TS_PROOFS below with how it is
 *   proven. The list must cover every such block, exactly as written, so a new or changed
 *   block fails here until someone says how it is proven.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  REPO_ROOT,
  TS_LANGS,
  extractBlocks,
  findMirror,
  headingOf,
  indexOfRun,
  readmeBlock,
  readmeBlocks,
  sectionOf,
  significantLines,
  typeScriptSources,
  type CodeBlock,
  type SourceFile,
} from './support/readme.js';

const MIRROR_DIRS = ['test', 'sample-app'];

/** How one non-TypeScript README block is proven. */
interface NonTsProof {
  /** The innermost heading the block sits under. */
  readonly heading: string;
  /** The fence's language ('' for none). */
  readonly lang: string;
  /** The block's text exactly as in the README (dedented). */
  readonly body: string;
  /** How the block is proven, for a reviewer. */
  readonly proof: string;
  /** Files (repository-relative) whose tests prove it; each must exist. */
  readonly provenBy: readonly string[];
  /** The proving test reads this block from the README itself (`readmeBlock('<heading>', ...)`). */
  readonly readFromReadme?: boolean;
  /** Facts checked right here (the commands and scripts the block names exist and do what it says). */
  readonly check?: () => void;
}

const packageJson = (): { name: string; engines: { node: string }; scripts: Record<string, string>; devDependencies: Record<string, string> } =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** `.ci/run`, what CI runs: `npm ci` then `npm test` (on Node 20, then again on Node 24). */
function checkCiRunsNpmCiAndNpmTest(): void {
  const ci = readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8');
  const npmCi = ci.search(/^npm ci\b/m);
  const npmTest = ci.search(/^(timeout \S+ )?npm test$/m);
  expect(npmCi).toBeGreaterThanOrEqual(0);
  expect(npmTest).toBeGreaterThan(npmCi);
  expect(packageJson().scripts.test).toBe('npm run typecheck && npm run lint && npm run build && npm run test:jest');
}

export const NON_TS_PROOFS: readonly NonTsProof[] = [
  {
    heading: 'Install',
    lang: 'bash',
    body: 'npm install nestjs-segment',
    proof: 'The package is published as nestjs-segment; test/packaging/packaging.spec.ts packs it, installs the tarball into a consumer and imports it with import and require().',
    provenBy: ['test/packaging/packaging.spec.ts'],
    check: () => expect(packageJson().name).toBe('nestjs-segment'),
  },
  {
    heading: 'Validation at boot',
    lang: '',
    body: [
      'Segment is misconfigured (3 problems):',
      "  - writeKey (SEGMENT_WRITE_KEY) is required: the source's write key, a non-empty string (got nothing)",
      '  - host (SEGMENT_HOST) names events.eu.segmentapis.com, which is not a Segment region host; did you mean https://events.eu1.segmentapis.com? (US https://api.segment.io, EU https://events.eu1.segmentapis.com)',
      '  - flushAt (SEGMENT_FLUSH_AT) must be a whole number from 1 to 2500; got -1',
    ].join('\n'),
    proof: "A real app.init() with these three mistakes in the environment rejects with a SegmentOptionsError whose message equals this block, read from the README.",
    provenBy: ['test/readme/nest-reference.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'Forwarding errors',
    lang: 'json',
    body: [
      '{ "event": "Error Captured", "userId": "user-7",',
      '  "properties": { "name": "Error", "message": "kaboom", "status": 500, "route": "/orders/:id", "method": "GET" } }',
    ].join('\n'),
    proof: 'A handler of a real app throws Error("kaboom") for user-7 on GET /orders/:id; the message the collector receives, on these fields, equals this JSON read from the README.',
    provenBy: ['test/readme/nest-reference.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'Shutdown',
    lang: '',
    body: 'WARN [Segment] shutdown flush: 12 messages not delivered (shutdown_timeout: 12) after the deadline.',
    proof: "A real app closes with 12 messages whose batch Segment does not answer in time; Nest's console logger prints one line ending with this block, read from the README.",
    provenBy: ['test/readme/nest-reference.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'With Vitest',
    lang: 'js',
    body: [
      '// vitest.config.mjs',
      "import { defineConfig } from 'vitest/config';",
      '',
      'export default defineConfig({',
      '  test: { globals: true },',
      '});',
    ].join('\n'),
    proof: "Read from the README into the vitest.config.mjs of a CommonJS Nest app (the quick start's files) that uses the packed package; Vitest then runs the kit's README test and a refund test that needs constructor injection (decorator metadata) in it.",
    provenBy: ['test/packaging/packaging.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'With Vitest',
    lang: 'bash',
    body: 'npx vitest run',
    proof: 'Run as read from the README (sh -c) in that CommonJS app; the test it runs must pass.',
    provenBy: ['test/packaging/packaging.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'With Jest in ESM mode',
    lang: 'js',
    body: [
      '// jest.config.cjs',
      'module.exports = {',
      "  testEnvironment: 'node',",
      "  extensionsToTreatAsEsm: ['.ts'],",
      '  transform: {',
      "    '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' }, module: { type: 'es6' } }],",
      '  },',
      "  moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },",
      '};',
    ].join('\n'),
    proof: "Read from the README into the jest.config.cjs of a CommonJS Nest app (the quick start's files) that uses the packed package; Jest then runs the kit's README test and a refund test that needs constructor injection (decorator metadata) in it.",
    provenBy: ['test/packaging/packaging.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'With Jest in ESM mode',
    lang: 'bash',
    body: 'node --experimental-vm-modules --disable-warning=ExperimentalWarning node_modules/jest/bin/jest.js',
    proof: 'Run as read from the README (sh -c) in that CommonJS app; the test it runs must pass.',
    provenBy: ['test/packaging/packaging.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'OAuth 2.0, step by step',
    lang: 'sh',
    body: ['openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out private.pem', 'openssl rsa -in private.pem -pubout -out public.pem'].join('\n'),
    proof: 'Run as read from the README (sh -c, in a temp dir); the key pair it writes is checked and then used by the client and Nest OAuth tests against a token endpoint that verifies with public.pem.',
    provenBy: ['test/readme/oauth.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'OAuth 2.0, step by step',
    lang: 'sh',
    body: [
      'SEGMENT_WRITE_KEY=...',
      'SEGMENT_OAUTH_CLIENT_ID=...',
      'SEGMENT_OAUTH_KEY_ID=...',
      'SEGMENT_OAUTH_PRIVATE_KEY_FILE=/run/secrets/segment-private.pem',
    ].join('\n'),
    proof: 'The Nest OAuth test reads these names from the README, sets exactly them (the key file is step 1\'s private.pem) and delivers through SegmentModule.forRootAsync(segmentConfig.asProvider()) with a Bearer token.',
    provenBy: ['test/readme/oauth.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'Try it and test it',
    lang: 'bash',
    body: [
      'npm ci && npm run demo  # a sample Nest shop sends events to a local collector and prints them',
      'npm ci && npm test      # type check, build, every test suite (Node >= 20.19)',
    ].join('\n'),
    proof: 'CI runs both on a fresh clone (.ci/run: npm ci, npm test, npm run demo); sample-app/test/processes.e2e-spec.ts runs the built demo as a process.',
    provenBy: ['.ci/run', 'package.json', 'sample-app/test/processes.e2e-spec.ts'],
    check: () => {
      checkCiRunsNpmCiAndNpmTest();
      expect(readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8')).toMatch(/^timeout \d+ npm run demo$/m);
      expect(packageJson().scripts.demo).toBeDefined();
      expect(packageJson().engines.node).toBe('>=20.19');
    },
  },
  {
    heading: 'The recorder',
    lang: 'text',
    body: readmeBlock('The recorder', 'text', 'failed: no recorded message matches').body,
    proof: 'A real failed expectTracked() produces exactly this report, read from the README.',
    provenBy: ['test/testing/readme/testing-kit.readme.spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'The sample app',
    lang: 'bash',
    body: 'npm ci && npm start',
    proof: 'The start script builds the package and the sample and runs main.js; sample-app/test/processes.e2e-spec.ts runs that main.js as a process and drives it over HTTP.',
    provenBy: ['sample-app/test/processes.e2e-spec.ts', 'package.json'],
    check: () => expect(packageJson().scripts.start).toBeDefined(),
  },
  {
    heading: 'The sample app',
    lang: 'bash',
    body: 'npm run demo',
    proof: 'CI runs it on a fresh clone; sample-app/test/processes.e2e-spec.ts runs the built demo as a process.',
    provenBy: ['.ci/run', 'sample-app/test/processes.e2e-spec.ts'],
    check: () => expect(readFileSync(join(REPO_ROOT, '.ci/run'), 'utf8')).toMatch(/^timeout \d+ npm run demo$/m),
  },
  {
    heading: 'The sample app',
    lang: 'text',
    body: readmeBlock('The sample app', 'text', 'messages delivered to the local collector').body,
    proof: 'The tour on Express and on Fastify prints exactly this, ports and timestamps aside, read from the README (sample-app/test/tour.e2e-spec.ts).',
    provenBy: ['sample-app/test/tour.e2e-spec.ts'],
    readFromReadme: true,
  },
  {
    heading: 'The sample app',
    lang: 'bash',
    body: 'npm run test:jest -- sample-app',
    proof: "Jest's roots include sample-app, so this runs the sample's suites alone; npm test runs them with the rest.",
    provenBy: ['jest.config.js'],
    check: () => expect(readFileSync(join(REPO_ROOT, 'jest.config.js'), 'utf8')).toContain("'<rootDir>/sample-app'"),
  },
  {
    heading: 'Typed events from your tracking plan',
    lang: 'bash',
    body: ['npm install ajv ajv-formats', 'npm install --save-dev json-schema-to-typescript', 'npx nestjs-segment typegen tracking-plan.json --out src/tracking-plan.ts'].join('\n'),
    proof:
      'test/tracking-plan/typegen-cli.spec.ts runs the built bin with these arguments on both plan formats, then tsc on its output; test/tracking-plan/optional-ajv.spec.ts shows a plan needs ajv and ajv-formats, and says so when they are missing. The packages are the optional peers named here.',
    provenBy: ['test/tracking-plan/typegen-cli.spec.ts', 'test/tracking-plan/optional-ajv.spec.ts', 'package.json'],
    check: () => {
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; peerDependenciesMeta: Record<string, { optional: boolean }> };
      expect(manifest.bin['nestjs-segment']).toBe('./dist/cli/main.js');
      for (const peer of ['ajv', 'ajv-formats', 'json-schema-to-typescript']) expect(manifest.peerDependenciesMeta[peer]).toEqual({ optional: true });
    },
  },
  {
    heading: 'Speed and memory',
    lang: 'bash',
    body: ['npm run bench            # quick: Node 24, then Node 20, a few minutes', 'npm run bench -- --full  # every size up to 1M events, about half an hour'].join('\n'),
    proof: 'The bench script exists and its harness runs in npm test on 1,000 events (test/bench/bench-smoke.spec.ts), so it cannot rot; the full figures are published in BENCHMARKS.md.',
    provenBy: ['test/bench/bench-smoke.spec.ts', 'package.json', 'BENCHMARKS.md'],
    check: () => expect(packageJson().scripts.bench).toContain('bench/run.js'),
  },
  {
    heading: 'Developing',
    lang: 'bash',
    body: [
      'npm ci && npm test   # TypeScript 7 type check, lint, build, Jest 30 (native ESM, swc)',
      'npm run build        # dist/',
      'npm run format       # Prettier over lib/',
    ].join('\n'),
    proof: 'The first line is what CI runs (.ci/run); the tools it names are the ones installed, `npm test` runs the lint, `npm run build` compiles tsconfig.build.json into dist/ (test/packaging/packaging.spec.ts packs that build), and format is Prettier over lib/.',
    provenBy: ['.ci/run', 'package.json', 'tsconfig.build.json', 'test/packaging/packaging.spec.ts'],
    check: () => {
      checkCiRunsNpmCiAndNpmTest();
      const { scripts, devDependencies } = packageJson();
      expect(devDependencies.typescript).toMatch(/^\^?7\./);
      expect(devDependencies.jest).toMatch(/^\^?30\./);
      expect(devDependencies['@swc/jest']).toBeDefined();
      expect(scripts['test:jest']).toContain('--experimental-vm-modules');
      expect(scripts.build).toBe('rm -rf dist && tsc -p tsconfig.build.json');
      expect(scripts.test).toContain('npm run lint');
      expect(scripts.lint).toBe('oxlint --deny-warnings lib && prettier --check lib');
      expect(scripts.format).toBe('prettier --write lib');
      expect(readFileSync(join(REPO_ROOT, 'tsconfig.build.json'), 'utf8')).toMatch(/"outDir":\s*"dist"/);
    },
  },
];

const same = (proof: NonTsProof, block: CodeBlock): boolean => proof.heading === headingOf(block) && proof.lang === block.lang && proof.body === block.body;

/** The failure for a TypeScript block without a mirror: where it is, how it starts, and the nearest miss. */
export function missingMirrorMessage(block: CodeBlock, sources: readonly SourceFile[]): string {
  const wanted = significantLines(block.body);
  const firstLines = block.body.split('\n').slice(0, 6).map((line) => `    ${line}`).join('\n');
  let closest: { path: string; matched: number; differs: string | undefined } | undefined;
  for (let count = wanted.length - 1; count >= 1 && closest === undefined; count--) {
    const source = sources.find((candidate) => indexOfRun(candidate.lines, wanted.slice(0, count)) !== -1);
    if (source !== undefined) {
      const at = indexOfRun(source.lines, wanted.slice(0, count));
      closest = { path: source.path, matched: count, differs: source.lines[at + count] };
    }
  }
  const nearest =
    closest === undefined
      ? 'No file holds even its first line.'
      : `Nearest: ${closest.path} holds its first ${closest.matched} of ${wanted.length} lines; then it has ` +
        `${closest.differs === undefined ? 'nothing more' : JSON.stringify(closest.differs)} where the README has ${JSON.stringify(wanted[closest.matched])}.`;
  return (
    `README section "${sectionOf(block)}" (README.md line ${block.line}): this \`\`\`${block.lang} block has no mirror. ` +
    `No *.ts file under ${MIRROR_DIRS.join('/ or ')}/ holds its lines consecutively and verbatim (trimmed; blank and comment-only lines ignored).\n` +
    `Its first lines:\n${firstLines}\n${nearest}\n` +
    'Copy the block into a test that runs it (test/readme/<section>.readme.spec.ts, with a header naming the section).'
  );
}

const blocks = readmeBlocks();
const tsBlocks = blocks.filter((block) => TS_LANGS.has(block.lang));
const otherBlocks = blocks.filter((block) => !TS_LANGS.has(block.lang));

const sources = typeScriptSources(MIRROR_DIRS);
const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

describe('README.md: every code block is proven by a test', () => {
  it('the README has code blocks, and every fence is closed', () => {
    expect(tsBlocks.length).toBeGreaterThan(0);
    expect(otherBlocks.length).toBeGreaterThan(0);
  });

  describe('each ```ts block is mirrored verbatim in a .ts file under test/ or sample-app/', () => {
    const titled = tsBlocks.map((block) => {
      const mirror = findMirror(block, sources);
      const title = `${sectionOf(block)} (line ${block.line}) ${oneLine(significantLines(block.body)[0] ?? '')} -> ${mirror?.path ?? 'NO MIRROR'}`;
      return [title, block] as const;
    });
    it.each(titled)('%s', (_title, block) => {
      const mirror = findMirror(block, sources);
      if (mirror === undefined) throw new Error(missingMirrorMessage(block, sources));
    });
  });

  describe('each other block has a reviewed proof in NON_TS_PROOFS', () => {
    it.each(otherBlocks.map((block) => [`${sectionOf(block)} (line ${block.line}) \`\`\`${block.lang} ${oneLine(block.body.split('\n')[0]!)}`, block] as const))('%s', (_title, block) => {
      const proofs = NON_TS_PROOFS.filter((proof) => same(proof, block));
      if (proofs.length !== 1) {
        throw new Error(
          `README section "${sectionOf(block)}" (README.md line ${block.line}): this \`\`\`${block.lang} block has ${proofs.length === 0 ? 'no' : 'more than one'} entry in NON_TS_PROOFS ` +
            `(test/readme/readme-blocks.spec.ts). Its first lines:\n${block.body.split('\n').slice(0, 6).map((line) => `    ${line}`).join('\n')}\n` +
            'Add an entry saying how the block is proven (a test that runs it, or compares its text with what the code produces), with the block exactly as written.',
        );
      }
    });

    it.each(NON_TS_PROOFS.map((proof) => [`${proof.heading}: ${proof.body.split('\n')[0]}`, proof] as const))('proof of %s', (_title, proof) => {
      // Not stale: the block is still in the README, exactly as listed.
      expect(otherBlocks.filter((block) => same(proof, block))).toHaveLength(1);
      for (const file of proof.provenBy) expect(existsSync(join(REPO_ROOT, file))).toBe(true);
      if (proof.readFromReadme) {
        const readers = proof.provenBy.filter((file) => readFileSync(join(REPO_ROOT, file), 'utf8').includes(`readmeBlock('${proof.heading}'`));
        expect(readers).not.toEqual([]);
      }
      proof.check?.();
    });
  });

  describe('the check itself', () => {
    const markdown = [
      '# Title',
      '## Part',
      '```ts',
      '// a comment',
      'const a = 1;',
      '',
      'call(a); // kept: a trailing comment',
      '```',
      '### Sub part',
      '1. **Step**:',
      '',
      '   ```sh',
      '   echo one',
      '     echo indented',
      '   ```',
      '```',
      'plain output',
      '```',
    ].join('\n');

    it('extracts blocks with their language, dedented body, section path and line', () => {
      expect(extractBlocks(markdown)).toEqual([
        { lang: 'ts', body: '// a comment\nconst a = 1;\n\ncall(a); // kept: a trailing comment', headings: ['Part'], line: 3 },
        { lang: 'sh', body: 'echo one\n  echo indented', headings: ['Part', 'Sub part'], line: 12 },
        { lang: '', body: 'plain output', headings: ['Part', 'Sub part'], line: 16 },
      ]);
    });

    it('a heading inside a code block is not a heading, and an unclosed fence is an error', () => {
      expect(extractBlocks('## A\n```sh\n# comment\n```\n```\nx\n```').map((block) => block.headings)).toEqual([['A'], ['A']]);
      expect(() => extractBlocks('## A\n```ts\nconst a = 1;\n')).toThrow(/never closed/);
    });

    it('a mirror must hold the significant lines consecutively; comments and indentation do not matter', () => {
      const [block] = extractBlocks(markdown);
      const mirror = (text: string): SourceFile => ({ path: 'test/x.ts', lines: significantLines(text) });
      expect(significantLines(block!.body)).toEqual(['const a = 1;', 'call(a); // kept: a trailing comment']);
      expect(findMirror(block!, [mirror('it("runs", () => {\n    const a = 1;\n    // why\n    call(a); // kept: a trailing comment\n});')])).toBeDefined();
      expect(findMirror(block!, [mirror('const a = 1;\nlog(a);\ncall(a); // kept: a trailing comment')])).toBeUndefined();
      expect(findMirror(block!, [mirror('const a = 1;\ncall(a);')])).toBeUndefined();
    });

    it('a block without a mirror fails naming its section, its first lines and the nearest miss', () => {
      const [block] = extractBlocks(markdown);
      const message = missingMirrorMessage(block!, [{ path: 'test/near.ts', lines: ['const a = 1;', 'call(b);'] }]);
      expect(message).toContain('README section "Part" (README.md line 3)');
      expect(message).toContain('    const a = 1;');
      expect(message).toContain('Nearest: test/near.ts holds its first 1 of 2 lines; then it has "call(b);" where the README has "call(a); // kept: a trailing comment".');
    });
  });
});
