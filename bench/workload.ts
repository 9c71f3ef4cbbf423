/**
 * The one workload every library runs: the same `track()` call with a realistic order
 * (about 300 bytes of properties as JSON, one product), built fresh per call as a request
 * handler would.
 */
export const WRITE_KEY = 'bench-write-key';
export const EVENT_NAME = 'Order Completed';

// Type aliases (not interfaces) so they fit the libraries' index-signature property types.
export type OrderProperties = {
  orderId: string;
  total: number;
  revenue: number;
  shipping: number;
  tax: number;
  coupon: string;
  currency: string;
  products: Array<{
    product_id: string;
    sku: string;
    name: string;
    price: number;
    quantity: number;
    category: string;
    url: string;
  }>;
};

export type TrackCall = {
  userId: string;
  event: string;
  properties: OrderProperties;
};

/** The i-th call of a run: about 300 bytes of properties, one product. */
export function trackCall(i: number): TrackCall {
  return {
    userId: `user_${i % 5000}`,
    event: EVENT_NAME,
    properties: {
      orderId: `ord_${String(i).padStart(6, '0')}`,
      total: 59.9,
      revenue: 49.9,
      shipping: 5,
      tax: 5,
      coupon: 'SPRING24',
      currency: 'EUR',
      products: [
        {
          product_id: 'sku-4532',
          sku: 'TSH-BLU-M',
          name: 'Organic cotton T-shirt',
          price: 24.95,
          quantity: 2,
          category: 'Apparel',
          url: 'https://shop.example.com/p/tsh-blu-m',
        },
      ],
    },
  };
}
