export interface LineItem {
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  readonly quantity: number;
}

export interface Order {
  readonly id: string;
  readonly userId: string;
  readonly items: readonly LineItem[];
  readonly total: number;
  readonly currency: 'EUR';
  readonly chargeId: string;
}

/** What the shop sells; prices are never taken from the request. */
export const CATALOG: Readonly<Record<string, { name: string; price: number }>> = {
  'TSHIRT-NEST': { name: 'Nest T-shirt', price: 25 },
  'MUG-SEGMENT': { name: 'Segment mug', price: 12.5 },
};
