import { createAjv, type AjvInstance, type AjvValidate } from './load-ajv.js';
import type { PlanRule, RuleKind } from './plan-rule.js';
import { unknownEventViolation, violationsOf } from './plan-violations.js';
import { readTrackingPlan } from './read-tracking-plan.js';
import type { OnViolation, UnknownEvents } from './tracking-plan-options.js';
import {
  SegmentConfigError,
  isPlainObject,
  SegmentViolationError,
  type SegmentMessage,
  type MessageCheck,
  type TrackingPlanViolation,
  type ViolationAction,
} from '../core/internals.js';

/** One rule's versions, newest first. */
type Versions = Array<{ readonly version: number; readonly validate: AjvValidate }>;

const ON_VIOLATION: readonly OnViolation[] = ['report', 'drop', 'throw'];
const UNKNOWN_EVENTS: readonly UnknownEvents[] = ['allow', 'report', 'drop'];
const SEVERITY: Readonly<Record<ViolationAction, number>> = { report: 0, drop: 1, throw: 2 };

/**
 * A tracking plan with every rule compiled by Ajv once, at start: checking a message runs the
 * compiled validators of its rule (the version the message asks for in
 * `context.protocols.event_version`, else the newest) and of the plan's common rules.
 */
export class CompiledTrackingPlan implements MessageCheck {
  private readonly rules = new Map<RuleKind, Map<string | undefined, Versions>>();

  constructor(
    rules: readonly PlanRule[],
    ajv: AjvInstance,
    private readonly onViolation: OnViolation,
    private readonly unknownEvents: UnknownEvents,
  ) {
    for (const rule of rules) {
      let validate: AjvValidate;
      try {
        // Compiled as draft-07 whatever `$schema` says: that is what Segment's plans are.
        const { $schema: _draft, ...schema } = rule.schema;
        validate = ajv.compile(schema);
      } catch (error) {
        const name = rule.key === undefined ? rule.kind.toUpperCase() : JSON.stringify(rule.key);
        throw new SegmentConfigError(
          'trackingPlan.plan',
          `trackingPlan.plan ${rule.where} (${name} v${rule.version}) is not a JSON Schema Ajv can compile: ${(error as Error).message}`,
        );
      }
      let byKey = this.rules.get(rule.kind);
      if (byKey === undefined) this.rules.set(rule.kind, (byKey = new Map()));
      const versions = byKey.get(rule.key) ?? [];
      versions.push({ version: rule.version, validate });
      versions.sort((a, b) => b.version - a.version);
      byKey.set(rule.key, versions);
    }
  }

  /** Track event names the plan lists. */
  get events(): string[] {
    return [...(this.rules.get('track')?.keys() ?? [])].filter((key): key is string => key !== undefined);
  }

  check(message: SegmentMessage): SegmentViolationError | undefined {
    const event = labelOf(message);
    const requested = requestedVersion(message);
    let violations: TrackingPlanViolation[] | undefined;
    let action: ViolationAction | undefined;

    const common = this.rules.get('common')?.get(undefined);
    if (common !== undefined) violations = this.validate(common, requested, message, event, violations);

    const own = this.rulesFor(message);
    if (own !== undefined) violations = this.validate(own, requested, message, event, violations);
    if (violations !== undefined) action = this.onViolation;

    if (own === undefined && message.type === 'track' && this.unknownEvents !== 'allow') {
      (violations ??= []).unshift(unknownEventViolation(event));
      const unknownAction: ViolationAction = this.unknownEvents === 'drop' ? 'drop' : 'report';
      action = action === undefined || SEVERITY[unknownAction] > SEVERITY[action] ? unknownAction : action;
    }
    if (violations === undefined || action === undefined) return undefined;
    return new SegmentViolationError(event, message.messageId, violations, action);
  }

  private rulesFor(message: SegmentMessage): Versions | undefined {
    switch (message.type) {
      case 'track':
        return message.event === undefined ? undefined : this.rules.get('track')?.get(message.event);
      case 'identify':
      case 'group':
        return this.rules.get(message.type)?.get(undefined);
      case 'page':
      case 'screen': {
        const byName = this.rules.get(message.type);
        return (message.name === undefined ? undefined : byName?.get(message.name)) ?? byName?.get(undefined);
      }
      default:
        return undefined;
    }
  }

  private validate(
    versions: Versions,
    requested: number | undefined,
    message: SegmentMessage,
    event: string,
    violations: TrackingPlanViolation[] | undefined,
  ): TrackingPlanViolation[] | undefined {
    const rule = (requested === undefined ? undefined : versions.find((entry) => entry.version === requested)) ?? versions[0]!;
    if (rule.validate(message)) return violations;
    const found = violations ?? [];
    violationsOf(rule.validate.errors ?? [], event, message.type, rule.version, found);
    return found;
  }
}

/** Reads, checks and compiles `trackingPlan`; throws SegmentConfigError naming what is wrong. */
export function compileTrackingPlan(options: unknown, onWarning: (text: string) => void): CompiledTrackingPlan {
  if (!isPlainObject(options)) {
    throw new SegmentConfigError(
      'trackingPlan',
      "trackingPlan must be an object { plan, onViolation?, unknownEvents? }, plan being the plan's JSON or its file path.",
    );
  }
  const onViolation = oneOf(options.onViolation, 'onViolation', ON_VIOLATION, 'report');
  const unknownEvents = oneOf(options.unknownEvents, 'unknownEvents', UNKNOWN_EVENTS, 'allow');
  const plan = readTrackingPlan(options.plan);
  const ajv = createAjv((text) => onWarning(`tracking plan: ${text}`));
  return new CompiledTrackingPlan(plan.rules, ajv, onViolation, unknownEvents);
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new SegmentConfigError(
    `trackingPlan.${field}`,
    `trackingPlan.${field} must be ${allowed.map((mode) => `'${mode}'`).join(', ')}; got ${typeof value === 'string' ? JSON.stringify(value) : typeof value}.`,
  );
}

/** The event's name for a track call, `page Home` style labels for the others. */
function labelOf(message: SegmentMessage): string {
  if (message.type === 'track') return message.event ?? 'track';
  if ((message.type === 'page' || message.type === 'screen') && message.name !== undefined) return `${message.type} ${message.name}`;
  return message.type;
}

/** `context.protocols.event_version`, Segment's way for a message to name the rule version it follows. */
function requestedVersion(message: SegmentMessage): number | undefined {
  const protocols = message.context.protocols as { event_version?: unknown } | undefined;
  const version = protocols?.event_version;
  return typeof version === 'number' ? version : undefined;
}
