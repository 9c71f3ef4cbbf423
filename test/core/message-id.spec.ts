import { messageIdFor } from '../../lib/index.js';

describe('messageIdFor', () => {
  it('gives the same UUID-shaped id for the same business keys', () => {
    const id = messageIdFor('order', 42, 'Order Completed');
    expect(id).toBe(messageIdFor('order', 42, 'Order Completed'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps different keys apart, including ones that would concatenate alike', () => {
    const ids = new Set([
      messageIdFor('order', 42),
      messageIdFor('order', '42'),
      messageIdFor('order,42'),
      messageIdFor('order4', 2),
      messageIdFor('order', 42n),
    ]);
    expect(ids.size).toBe(5);
  });

  it('needs at least one key', () => {
    expect(() => messageIdFor()).toThrow(/at least one/);
  });
});
