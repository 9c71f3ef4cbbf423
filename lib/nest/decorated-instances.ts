import type { DiscoveryService } from '@nestjs/core';
import type { MessageEmitter } from './message-emitter.js';

/** Marks a class (prototype) that has decorated methods, so the app can find its instances. */
export const SEGMENT_DECORATED = Symbol('nestjs-segment:decorated');

/** Which app's emitter sends the decorated methods of an instance. */
const emitters = new WeakMap<object, MessageEmitter>();

export function emitterOf(instance: unknown): MessageEmitter | undefined {
  return typeof instance === 'object' && instance !== null ? emitters.get(instance) : undefined;
}

/**
 * Ties the app's instances that have decorated methods (controllers, resolvers, providers) to
 * the app's emitter. Per instance, not per class: two apps in one process (an Express and a
 * Fastify test app) each send with their own clients. Request-scoped instances do not exist
 * yet; they find the emitter through the request's store.
 */
export function bindDecoratedInstances(discovery: DiscoveryService, emitter: MessageEmitter): void {
  for (const wrapper of [...discovery.getControllers(), ...discovery.getProviders()]) {
    const instance: unknown = wrapper.instance;
    if (instance === null || typeof instance !== 'object' || emitters.has(instance)) continue;
    if (Reflect.getMetadata(SEGMENT_DECORATED, instance) === true) emitters.set(instance, emitter);
  }
}
