import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { REPO_ROOT, privateBuild } from '../testing/support/private-build.js';
import { PUBLIC_API_PLAN, V1_PLAN } from './support.js';

const TSC = `${REPO_ROOT}node_modules/typescript/bin/tsc`;
const COMMITTED_TYPES = `${REPO_ROOT}test/fixtures/tracking-plans/shop-plan.ts`;

/** An app's code against the generated types: the calls that must compile, and those that must not. */
const APP = `
import { SegmentClient, SegmentService, segmentDecorators } from 'nestjs-segment';
import type { TrackingPlan } from './tracking-plan.js';
import type { TrackingPlan as LegacyPlan } from './legacy-plan.js';

const { Track } = segmentDecorators<TrackingPlan>();

export function calls(segment: SegmentService<TrackingPlan>, legacy: SegmentService<LegacyPlan>, plain: SegmentClient): void {
  segment.track({ userId: 'u', event: 'Order Completed', properties: { orderId: 'o', total: 1, currency: 'EUR' } });
  legacy.track({ userId: 'u', event: 'Order Completed', properties: { orderId: 'o', total: 1 } });
  plain.track({ userId: 'u', event: 'Anything', properties: { any: 'thing' } });
  // @ts-expect-error misspelled event
  segment.track({ userId: 'u', event: 'Order Complete', properties: { orderId: 'o', total: 1, currency: 'EUR' } });
  // @ts-expect-error misspelled property
  legacy.track({ userId: 'u', event: 'Order Completed', properties: { orderId: 'o', totl: 1 } });
  // @ts-expect-error wrong type
  segment.identify({ userId: 'u', traits: { email: 42 } });
}

export class Orders {
  @Track('Product Viewed', { properties: { productId: 'p' } })
  view(): void {}

  // @ts-expect-error misspelled event in a decorator
  @Track('Product Veiwed', { properties: { productId: 'p' } })
  misspelled(): void {}
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    experimentalDecorators: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [`${REPO_ROOT}node_modules/@types`],
  },
  include: ['src'],
};

async function tsc(cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
}

describe('npx nestjs-segment typegen', () => {
  let root: string;
  let bin: string;

  beforeAll(async () => {
    root = await privateBuild('typegen-cli');
    const manifest = JSON.parse(readFileSync(`${root}node_modules/nestjs-segment/package.json`, 'utf8')) as { bin: Record<string, string> };
    bin = `${root}node_modules/nestjs-segment/${manifest.bin['nestjs-segment']}`;
    mkdirSync(`${root}src`, { recursive: true });
  }, 120_000);

  it('is the package bin, a Node script', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('writes types for both plan formats that compile with tsc, and typed calls fail where the plan says', async () => {
    const wrote = await runCli(root, bin, ['typegen', PUBLIC_API_PLAN, '--out', 'src/tracking-plan.ts']);
    expect(wrote).toEqual({ code: 0, stdout: '', stderr: 'Wrote src/tracking-plan.ts: TrackingPlan from a Public API plan with 5 track rules.\n' });
    const legacy = await runCli(root, bin, ['typegen', V1_PLAN, '--out', 'src/legacy-plan.ts']);
    expect(legacy.code).toBe(0);

    writeFileSync(`${root}src/app.ts`, APP);
    writeFileSync(`${root}tsconfig.json`, JSON.stringify(TSCONFIG));
    expect(await tsc(root)).toEqual({ code: 0, output: '' });

    // Without the directives, each marked line is an error of its own.
    writeFileSync(`${root}src/app.ts`, APP.replace(/\/\/ @ts-expect-error.*\n/g, ''));
    const failed = await tsc(root);
    expect(failed.code).not.toBe(0);
    expect(failed.output.match(/error TS\d+/g)).toHaveLength(4);
    expect(failed.output).toContain(`'"Order Complete"' is not assignable`);
    expect(failed.output).toContain(`'totl' does not exist`);
  }, 60_000);

  it('prints to stdout without --out; the committed fixture types are its current output', async () => {
    const printed = await runCli(root, bin, ['typegen', PUBLIC_API_PLAN]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(readFileSync(COMMITTED_TYPES, 'utf8'));
    const named = await runCli(root, bin, ['typegen', PUBLIC_API_PLAN, '--name', 'ShopPlan']);
    expect(named.stdout).toContain('export type ShopPlan = {');
    expect(named.stdout).toContain('Use it as `SegmentService<ShopPlan>`');
    expect(named.stdout).toContain("export type ShopPlanEvent = keyof ShopPlan['track'];");
  });

  it.each([
    [['typegen'], 2, 'typegen needs the plan file'],
    [['typegen', 'a.json', 'b.json'], 2, 'One plan file at a time'],
    [['typegen', 'plan.json', '--out'], 2, '--out needs a value'],
    [['typegen', 'plan.json', '--name', 'not a name'], 2, '--name must be a TypeScript type name'],
    [['generate'], 2, 'Unknown command "generate"'],
    [['typegen', 'missing.json'], 1, 'nestjs-segment typegen: the plan could not be read from missing.json (ENOENT)'],
  ])('refuses %j with exit code %i and says why', async (args, code, text) => {
    const run = await runCli(root, bin, args);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(text);
  });

  it('prints its usage for --help', async () => {
    const run = await runCli(root, bin, ['--help']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Usage: nestjs-segment typegen <plan.json> [--out <file.ts>]');
  });
});

/** Runs the bin with `args` in `cwd` and resolves with its exit code and output. */
function runCli(cwd: string, bin: string, args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, [bin, ...args], { cwd }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}
