import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SegmentConfigError } from '../../lib/index.js';
import { readTrackingPlan } from '../../lib/tracking-plan/read-tracking-plan.js';
import { expectThrown } from '../support/expect-thrown.js';
import { PUBLIC_API_PLAN, V1_PLAN, planJson } from './support.js';

const summary = (path: string | object) =>
  readTrackingPlan(path).rules.map((rule) => `${rule.kind} ${rule.key ?? '-'} v${rule.version}`);

describe('reading a tracking plan', () => {
  it("reads the Public API export: every rule type, its key and version, labels tolerated", () => {
    const plan = readTrackingPlan(PUBLIC_API_PLAN);
    expect({ name: plan.name, format: plan.format }).toEqual({ name: 'Shop', format: 'public-api' });
    expect(summary(PUBLIC_API_PLAN)).toEqual([
      'track Order Completed v1',
      'track Order Completed v2',
      'track Product Viewed v1',
      'track Page Viewed v1',
      'track Feedback Sent v1',
      'identify - v1',
      'group - v1',
      'page Checkout v1',
      'common - v1',
    ]);
  });

  it('reads the v1 export: events by name, identify and global schemas', () => {
    const plan = readTrackingPlan(V1_PLAN);
    expect({ name: plan.name, format: plan.format }).toEqual({ name: 'Shop (v1)', format: 'v1' });
    expect(summary(V1_PLAN)).toEqual(['track Order Completed v1', 'track Product Viewed v1', 'identify - v1']);
  });

  it('takes the parsed object as well as the path, and the Public API answer inside { data }', () => {
    const json = planJson(PUBLIC_API_PLAN);
    expect(summary(json)).toEqual(summary(PUBLIC_API_PLAN));
    expect(summary({ data: json })).toEqual(summary(PUBLIC_API_PLAN));
  });

  it("wraps a typewriter-cached rule (eventMetadata, properties at the top) back into the message's schema", () => {
    const plan = readTrackingPlan({
      rules: [{ key: 'Signed Up', type: 'TRACK', version: 1, jsonSchema: { eventMetadata: { name: 'Signed Up', type: 'TRACK' }, labels: {}, type: 'object', properties: { plan: { type: 'string' } }, required: ['plan'] } }],
    });
    expect(plan.rules[0]!.schema).toEqual({ type: 'object', properties: { properties: { type: 'object', properties: { plan: { type: 'string' } }, required: ['plan'] } }, required: ['properties'] });
  });

  it.each([
    [{ rules: [{ type: 'TRACK', version: 1, jsonSchema: {} }] }, 'trackingPlan.plan rules[0] is a TRACK rule without a key'],
    [{ rules: [{ key: 'A', type: 'ALIAS', jsonSchema: {} }] }, 'trackingPlan.plan rules[0].type must be one of TRACK, IDENTIFY, GROUP, PAGE, SCREEN, COMMON; got the string "ALIAS"'],
    [{ rules: [{ key: 'A', type: 'TRACK', jsonSchema: 'x' }] }, 'trackingPlan.plan rules[0].jsonSchema must be a JSON Schema object'],
    [{ rules: [{ key: 'A', type: 'TRACK', version: 0, jsonSchema: {} }] }, 'trackingPlan.plan rules[0].version must be a whole number of 1 or more; got 0'],
    [{ rules: [{ key: 'A', type: 'TRACK', jsonSchema: {} }, { key: 'A', type: 'track', version: 1, jsonSchema: {} }] }, 'trackingPlan.plan rules[1] repeats rules[0]: two TRACK rules for "A" with version 1'],
    [{ rules: { events: [{ rules: {} }] } }, 'trackingPlan.plan rules.events[0].name must be the event name'],
    [{ events: [] }, 'trackingPlan.plan must be a Segment tracking plan export'],
    [[], 'trackingPlan.plan must be a Segment tracking plan export'],
  ])('refuses a malformed plan, naming the rule and what was expected (%#)', (plan, text) => {
    const error = expectThrown(SegmentConfigError, () => readTrackingPlan(plan));
    expect(error.option).toBe('trackingPlan.plan');
    expect(error.message).toContain(text);
  });

  it('names the file and the problem when the path cannot be read or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const missing = join(dir, 'missing.json');
    expect(expectThrown(SegmentConfigError, () => readTrackingPlan(missing)).message).toBe(
      `trackingPlan.plan could not be read from ${missing} (ENOENT); it must be the path of a tracking plan JSON file.`,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "rules": [');
    expect(expectThrown(SegmentConfigError, () => readTrackingPlan(broken)).message).toMatch(new RegExp(`^trackingPlan.plan file ${broken} is not valid JSON \\(`));
  });
});
