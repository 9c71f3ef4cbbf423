import { readFileSync } from 'node:fs';
import type { PlanRule, RuleKind, TrackingPlanRules } from './plan-rule.js';
import { SegmentConfigError, describeOptionValue, isPlainObject } from '../core/internals.js';

const KINDS: Readonly<Record<string, RuleKind>> = {
  TRACK: 'track',
  IDENTIFY: 'identify',
  GROUP: 'group',
  PAGE: 'page',
  SCREEN: 'screen',
  COMMON: 'common',
};

const FORMATS_HINT =
  "a Segment tracking plan export: the Public API's { rules: [{ key, type, version, jsonSchema }] } or the v1 { rules: { events: [{ name, version, rules }] } }";

/**
 * Reads a tracking plan, given as the parsed JSON of either Segment export or as the path of
 * its file, into rules. Throws SegmentConfigError naming `option` and the rule at fault.
 */
export function readTrackingPlan(input: unknown, option = 'trackingPlan.plan'): TrackingPlanRules {
  const fail = (problem: string): never => {
    throw new SegmentConfigError(option, `${option} ${problem}`);
  };
  const document = typeof input === 'string' ? readPlanFile(input, fail) : input;
  if (!isPlainObject(document)) return fail(`must be ${FORMATS_HINT}, or the path of its JSON file; got ${describeOptionValue(document)}.`);
  const plan = isPlainObject(document.data) && document.rules === undefined ? document.data : document;
  if (Array.isArray(plan.rules)) return { name: text(plan.name), format: 'public-api', rules: publicApiRules(plan.rules, fail) };
  if (isPlainObject(plan.rules) && Array.isArray(plan.rules.events)) {
    return { name: text(plan.display_name) ?? text(plan.name), format: 'v1', rules: legacyRules(plan.rules, fail) };
  }
  return fail(`must be ${FORMATS_HINT}; this object has no rules list.`);
}

function readPlanFile(path: string, fail: (problem: string) => never): unknown {
  if (path.trim() === '') return fail('must be a plan object or the path of its JSON file; got an empty string.');
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return fail(`could not be read from ${path} (${typeof code === 'string' ? code : 'unreadable'}); it must be the path of a tracking plan JSON file.`);
  }
  try {
    return JSON.parse(json) as unknown;
  } catch (error) {
    return fail(`file ${path} is not valid JSON (${(error as Error).message}).`);
  }
}

function publicApiRules(entries: readonly unknown[], fail: (problem: string) => never): PlanRule[] {
  const rules = entries.map((entry, index): PlanRule => {
    const where = `rules[${index}]`;
    if (!isPlainObject(entry)) return fail(`${where} must be an object { key, type, version, jsonSchema }; got ${describeOptionValue(entry)}.`);
    const kind = typeof entry.type === 'string' ? KINDS[entry.type.toUpperCase()] : undefined;
    if (kind === undefined) return fail(`${where}.type must be one of ${Object.keys(KINDS).join(', ')}; got ${describeOptionValue(entry.type)}.`);
    const key = entry.key === null || entry.key === undefined || entry.key === '' ? undefined : entry.key;
    if (key !== undefined && typeof key !== 'string') return fail(`${where}.key must be a string (the event name); got ${describeOptionValue(key)}.`);
    if (kind === 'track' && key === undefined) return fail(`${where} is a TRACK rule without a key: the key is the event name it applies to.`);
    if (!isPlainObject(entry.jsonSchema)) return fail(`${where}.jsonSchema must be a JSON Schema object; got ${describeOptionValue(entry.jsonSchema)}.`);
    return { kind, key, version: versionOf(entry.version, `${where}.version`, fail), schema: messageSchema(entry.jsonSchema), where };
  });
  return checkedUnique(rules, fail);
}

function legacyRules(plan: Record<string, unknown>, fail: (problem: string) => never): PlanRule[] {
  const rules = (plan.events as unknown[]).map((entry, index): PlanRule => {
    const where = `rules.events[${index}]`;
    if (!isPlainObject(entry)) return fail(`${where} must be an object { name, version, rules }; got ${describeOptionValue(entry)}.`);
    if (typeof entry.name !== 'string' || entry.name === '')
      return fail(`${where}.name must be the event name, a non-empty string; got ${describeOptionValue(entry.name)}.`);
    if (!isPlainObject(entry.rules)) return fail(`${where}.rules must be a JSON Schema object; got ${describeOptionValue(entry.rules)}.`);
    return { kind: 'track', key: entry.name, version: versionOf(entry.version, `${where}.version`, fail), schema: messageSchema(entry.rules), where };
  });
  for (const [field, kind] of [
    ['identify', 'identify'],
    ['group', 'group'],
    ['global', 'common'],
  ] as const) {
    const schema = plan[field];
    if (schema === undefined || schema === null) continue;
    if (!isPlainObject(schema)) return fail(`rules.${field} must be a JSON Schema object; got ${describeOptionValue(schema)}.`);
    rules.push({ kind, key: undefined, version: 1, schema: messageSchema(schema), where: `rules.${field}` });
  }
  return checkedUnique(rules, fail);
}

/**
 * The schema of the whole message. Typewriter's cached plans hold the event's properties schema
 * itself, marked with `eventMetadata`: that one is wrapped back into `properties.properties`.
 */
function messageSchema(schema: Record<string, unknown>): Record<string, unknown> {
  if (!isPlainObject(schema.eventMetadata)) return schema;
  const { eventMetadata: _metadata, labels: _labels, $schema: _draft, ...properties } = schema;
  const required = Array.isArray(properties.required) && properties.required.length > 0;
  return { type: 'object', properties: { properties }, ...(required ? { required: ['properties'] } : {}) };
}

function versionOf(value: unknown, where: string, fail: (problem: string) => never): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  return fail(`${where} must be a whole number of 1 or more; got ${describeOptionValue(value)}.`);
}

function checkedUnique(rules: PlanRule[], fail: (problem: string) => never): PlanRule[] {
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const id = `${rule.kind} ${rule.key ?? ''} v${rule.version}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      fail(
        `${rule.where} repeats ${earlier}: two ${rule.kind.toUpperCase()} rules${rule.key === undefined ? '' : ` for ${JSON.stringify(rule.key)}`} with version ${rule.version}.`,
      );
    }
    seen.set(id, rule.where);
  }
  return rules;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
