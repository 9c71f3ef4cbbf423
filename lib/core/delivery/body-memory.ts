import { MAX_BATCH_BYTES } from '../limits.js';

/** From this size malloc maps fresh memory from the kernel for each body (glibc's default threshold). */
const REUSED_FROM = 128 * 1024;

/**
 * Memory for the bodies of large batches, reused from delivered ones. Under a backlog every body
 * is about 500 KB, and the ones before it are only freed at the next garbage collection, rare
 * while a client mostly sends: each fresh body's pages were faulted in from the kernel as the
 * messages were copied in (reuse cut the CPU per event of a 100,000-event burst by about a fifth).
 * A body is given back once the server answered it with a 2xx, having read all of it, so nothing
 * reads it any more. Held through weak references: what a backlog leaves goes at a collection.
 */
export class BodyMemory {
  private readonly free: WeakRef<ArrayBuffer>[] = [];
  /** What this class allocated: only that is reused, never memory a Buffer pool shares. */
  private readonly own = new WeakSet<ArrayBufferLike>();

  /** `size` bytes, not zeroed: the caller writes every one of them. */
  take(size: number): Buffer {
    if (size < REUSED_FROM || size > MAX_BATCH_BYTES) return Buffer.allocUnsafe(size);
    for (let ref = this.free.pop(); ref !== undefined; ref = this.free.pop()) {
      const memory = ref.deref();
      if (memory !== undefined) return Buffer.from(memory, 0, size);
    }
    const memory = Buffer.allocUnsafeSlow(MAX_BATCH_BYTES);
    this.own.add(memory.buffer);
    return memory.subarray(0, size);
  }

  /** A body taken here whose request has been answered 2xx. */
  give(body: Buffer): void {
    if (this.own.has(body.buffer)) this.free.push(new WeakRef(body.buffer as ArrayBuffer));
  }
}
