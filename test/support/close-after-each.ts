import type { CloseOptions, SegmentClient } from '../../lib/index.js';

/**
 * Registers an afterEach that closes every client handed to the returned function, so a
 * test that fails half-way leaves no timers or sockets behind to hang the run.
 */
export function closeAfterEach(options?: CloseOptions): <C extends SegmentClient>(client: C) => C {
  const open: SegmentClient[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((client) => client.close(options)));
  });
  return (client) => {
    open.push(client);
    return client;
  };
}
