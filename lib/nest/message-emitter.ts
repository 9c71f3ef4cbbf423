import type { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { SegmentMapperInput } from './decorator-options.js';
import { anonymousIdFrom, anonymousPolicyOf } from './anonymous-policy.js';
import { MapperFailure, buildFields, type MessageSpec } from './message-spec.js';
import { describeError } from '../core/internals.js';
import { currentRequestStore, runInRequestStore, type RequestEmitter } from './request-context/request-context.store.js';
import { SegmentMappingError } from './segment-mapping.error.js';
import { SegmentService } from './segment.service.js';
import { getSegmentToken } from './segment.tokens.js';

/**
 * Sends the messages of `@Track`, `@Identify`, ... for one call's outcome, with the clients of
 * one app (one emitter per app), and never throws: a mapper that throws or a message the client
 * refuses is logged and reported, so the method's outcome stays what it was.
 */
export class MessageEmitter implements RequestEmitter {
  private readonly services = new Map<string | undefined, SegmentService | null>();
  /** Decorators that already said they had no user to send with. */
  private readonly warnedAnonymous = new WeakSet<MessageSpec>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly logger: Pick<Logger, 'warn' | 'error'>,
  ) {}

  emit(...[specs, outcome, args, store, result, error]: Parameters<RequestEmitter['emit']>): void {
    let input: SegmentMapperInput | undefined;
    for (const spec of specs) {
      if (spec.when !== 'always' && spec.when !== outcome) continue;
      input ??= { request: store?.request, args, result, error };
      const mapped = input;
      // A Promise or Observable may settle outside the request's async scope: send inside it.
      if (store === undefined || currentRequestStore() === store) this.send(spec, mapped);
      else runInRequestStore(store, () => this.send(spec, mapped));
    }
  }

  private send(spec: MessageSpec, input: SegmentMapperInput): void {
    const service = this.serviceFor(spec);
    if (service === undefined) return;
    let anonymous = false;
    try {
      const params = buildFields(spec, input);
      if (lacksUser(spec, params, service)) {
        const policy = anonymousPolicyOf(service);
        const anonymousId = anonymousIdFrom(policy, input.request);
        if (anonymousId !== undefined) params.anonymousId = anonymousId;
        else if (policy === 'skip') return;
        else anonymous = true;
      }
      (service[spec.type] as (params: object) => string).call(service, params);
    } catch (failure) {
      this.report(service, spec, failure, anonymous);
    }
  }

  private report(service: SegmentService, spec: MessageSpec, failure: unknown, anonymous: boolean): void {
    if (failure instanceof MapperFailure) {
      // No message could be built: the client reports the loss like its own validation errors.
      const error = new SegmentMappingError(spec.label, failure.field, failure.cause);
      // A test double standing in for the service (overrideProvider) has no client to tell.
      if (service instanceof SegmentService) service.client.reportInvalid(error);
      this.logger.warn(error.message);
      return;
    }
    // A SegmentValidationError was counted and emitted by the client already; the log line adds which decorator.
    if (!anonymous) {
      this.logger.warn(`${spec.label}: the message was not sent: ${describeError(failure)}`);
    } else if (!this.warnedAnonymous.has(spec)) {
      // Anonymous visitors of a public route are normal traffic: say it once, not per request.
      this.warnedAnonymous.add(spec);
      this.logger.warn(
        `${spec.label}: the message was not sent: ${describeError(failure)}. ` +
          `Said once for this decorator; later requests without a user are only counted. The module's anonymous option can skip them silently ('skip') or take an anonymousId from a header or cookie.`,
      );
    }
  }

  /** The spec's client, looked up once across modules; a missing one is logged once. */
  private serviceFor(spec: MessageSpec): SegmentService | undefined {
    let service = this.services.get(spec.client);
    if (service === undefined) {
      try {
        service = this.moduleRef.get<SegmentService>(getSegmentToken(spec.client), { strict: false });
      } catch {
        service = null;
        const which = spec.client === undefined ? 'the default Segment client is' : `no Segment client named "${spec.client}" is`;
        this.logger.error(`${spec.label}: ${which} registered (SegmentModule.forRoot); its messages are not sent.`);
      }
      this.services.set(spec.client, service);
    }
    return service ?? undefined;
  }
}

/** Alias names both of its ids itself; every other message needs a user from somewhere. */
function lacksUser(spec: MessageSpec, params: Record<string, unknown>, service: SegmentService): boolean {
  if (spec.type === 'alias' || params.userId != null || params.anonymousId != null) return false;
  // A test double standing in for the service may not resolve users: the client then decides.
  const user = typeof service.currentUser === 'function' ? service.currentUser() : undefined;
  return user?.userId == null && user?.anonymousId == null;
}
