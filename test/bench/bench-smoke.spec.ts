/**
 * The benchmark harness, run small (`--smoke`: 1,000 events, one repetition, 1-second Nest
 * loads, on the node running the tests) so that it cannot rot. Timings are no pass/fail here;
 * the shape and the counts are: every run complete, every event at the sink, every event of
 * every answered request delivered, by us and by the peers (so the sink counts both
 * Segment's and PostHog's batch endpoints).
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
// Per process: other test runs in the same tree must not share (or delete) this build.
const outDir = join(root, '.tmp', `bench-smoke-${process.pid}`);

interface SmokeRun {
  contender: string;
  complete: boolean;
  events: number;
  received: number;
  trackUs: number;
  loopUs: number;
  eventsPerSec: number;
  peakRssMB: number;
  accounting: Record<string, number>;
}

interface SmokeDocument {
  mode: string;
  events: number;
  runs: SmokeRun[];
  shutdown: SmokeRun[];
  paced: SmokeRun[];
  growth: SmokeRun[];
  machine: { node: string };
  nest: Array<{ adapter: string; variant: string; requestsPerSec: number; cpuUsPerRequest: number; ok: number; delivered: number; error?: string }>;
  nestShutdown: Array<{ adapter: string; queued: number; delivered: number; complete: boolean }>;
  summary: {
    burst: Record<string, unknown>;
    targets: Array<{ id: string; value: { n: number } }>;
    nestCost: Array<{ adapter: string; key: string; addedUs: { n: number } }>;
  };
  secondary?: unknown;
}

describe('bench harness (smoke run)', () => {
  let document: SmokeDocument;
  let markdown: string;
  let svg: string;

  beforeAll(async () => {
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'bench', 'tsconfig.json'), '--outDir', outDir], { cwd: root });
    await run(process.execPath, [join(outDir, 'bench', 'run.js'), '--smoke', '--no-pin', '--out', join(outDir, 'results')], {
      cwd: root,
      timeout: 290_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    document = JSON.parse(readFileSync(join(outDir, 'results', 'latest.json'), 'utf8')) as SmokeDocument;
    markdown = readFileSync(join(outDir, 'results', 'latest.md'), 'utf8');
    svg = readFileSync(join(outDir, 'results', 'latest.svg'), 'utf8');
  }, 300_000);

  afterAll(() => {
    if (existsSync(outDir)) rmSync(outDir, { recursive: true, force: true });
  });

  it('runs every contender once, and each one delivers all 1,000 events to the sink', () => {
    expect(document.mode).toBe('smoke');
    expect(document.runs.map((entry) => entry.contender).sort()).toEqual(['analytics-node-tuned', 'limit', 'nestjs-segment']);
    for (const entry of [...document.runs, ...document.shutdown, ...document.paced, ...document.growth]) {
      expect({ contender: entry.contender, complete: entry.complete, received: entry.received }).toEqual({ contender: entry.contender, complete: true, received: entry.events });
      // track() alone is the loop minus the payload building measured apart: on a loaded machine it can come out 0.
      expect(entry.loopUs).toBeGreaterThan(0);
      expect(entry.trackUs).toBeGreaterThanOrEqual(0);
      expect(entry.eventsPerSec).toBeGreaterThan(0);
      expect(entry.peakRssMB).toBeGreaterThan(0);
    }
  });

  it("agrees with our client's own account: all delivered, nothing dropped or failed", () => {
    const ours = document.runs.find((entry) => entry.contender === 'nestjs-segment')!;
    expect(ours.accounting).toMatchObject({ delivered: 1_000, failed: 0, dropped: 0, queued: 0, inFlight: 0, onErrorCalls: 0 });
  });

  it('runs on the node that runs it, with no second runtime', () => {
    expect(document.machine.node).toBe(process.version);
    expect(document.secondary).toBeUndefined();
  });

  it('measures both Nest adapters with one and five @Track events and both peers, and every answered request has its events at the sink', () => {
    const variants = ['a', 'c', 'd', 'n', 'p'];
    expect(document.nest.map((entry) => `${entry.adapter}:${entry.variant}`).sort()).toEqual(['express', 'fastify'].flatMap((adapter) => variants.map((variant) => `${adapter}:${variant}`)));
    const eventsPerRequest: Record<string, number> = { a: 0, c: 1, d: 5, n: 1, p: 1 };
    for (const entry of document.nest) {
      expect(entry.error).toBeUndefined();
      expect(entry.requestsPerSec).toBeGreaterThan(0);
      expect(entry.cpuUsPerRequest).toBeGreaterThan(0);
      if (entry.variant === 'a') expect(entry.delivered).toBe(0);
      else expect({ variant: entry.variant, enough: entry.delivered >= entry.ok * eventsPerRequest[entry.variant]! }).toEqual({ variant: entry.variant, enough: true });
    }
    for (const adapter of ['express', 'fastify']) {
      expect(document.summary.nestCost.filter((row) => row.adapter === adapter).map((row) => row.key).sort()).toEqual(['c', 'd', 'fixed', 'further', 'n', 'p']);
      for (const id of [`nest-vs-analytics-node-${adapter}`, `nest-vs-posthog-${adapter}`, `nest-fixed-${adapter}`]) {
        expect(document.summary.targets.find((target) => target.id === id)?.value.n).toBe(1);
      }
    }
    expect(document.nestShutdown).toHaveLength(2);
    for (const entry of document.nestShutdown) expect(entry).toMatchObject({ queued: 1_000, delivered: 1_000, complete: true });
  });

  it('writes the summary, the Markdown tables and the SVG chart from the JSON', () => {
    expect(Object.keys(document.summary.burst).sort()).toEqual(['analytics-node-tuned', 'limit', 'nestjs-segment']);
    expect(document.summary.targets.find((target) => target.id === 'limit')?.value.n).toBe(1);
    expect(markdown).toContain('#### Targets');
    expect(markdown).toContain('| nestjs-segment, defaults');
    expect(markdown).toContain('#### Nest request overhead');
    expect(markdown).toContain('#### Nest: server CPU per request added over (a)');
    expect(svg).toContain('PostHog interceptor');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
  });
});
