import { Controller, Get } from '@nestjs/common';

/** `GET /`: what the sample app can do, for whoever opens it in a browser. */
@Controller()
export class AppController {
  @Get()
  index(): { name: string; endpoints: string[] } {
    return {
      name: 'nestjs-segment sample shop',
      endpoints: [
        'POST /signup        { email, name?, plan?: "free" | "pro", newsletter?: boolean }  -> identify + track "Signed Up" (+ "Newsletter Subscribed" on the marketing client)',
        'POST /login         { email }  -> track "Logged In"; returns { token }',
        'GET  /account       Authorization: Bearer <token>  -> page "Account"',
        'POST /account/team  { name }  -> group',
        'POST /orders        { items: [{ sku: "TSHIRT-NEST" | "MUG-SEGMENT", quantity }], card }  -> track "Order Completed", or "Payment Failed" (card 4000 0000 0000 0002)',
      ],
    };
  }
}
