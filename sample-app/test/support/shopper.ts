import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CARDS } from '../../src/orders/payments.service.js';
import { BROWSER } from './adapters.js';

/** Drives the sample shop over HTTP as a customer would. */
export class Shopper {
  /** The id /signup returned. */
  userId = '';
  private token = '';

  constructor(private readonly app: INestApplication) {}

  async signUp(email = 'ada@example.com', extra: Record<string, unknown> = { plan: 'pro', newsletter: true }): Promise<void> {
    const response = await request(this.app.getHttpServer()).post('/signup').set(BROWSER).send({ email, name: 'Ada', ...extra }).expect(201);
    this.userId = response.body.id;
  }

  async logIn(email = 'ada@example.com'): Promise<void> {
    const response = await request(this.app.getHttpServer()).post('/login').set(BROWSER).send({ email }).expect(200);
    this.token = response.body.token;
  }

  async order(card: string = CARDS.ok, status = 201): Promise<request.Response> {
    return request(this.app.getHttpServer())
      .post('/orders')
      .set(BROWSER)
      .set('authorization', `Bearer ${this.token}`)
      .send({ items: [{ sku: 'TSHIRT-NEST', quantity: 1 }, { sku: 'MUG-SEGMENT', quantity: 2 }], card })
      .expect(status);
  }

  async openAccount(): Promise<void> {
    await request(this.app.getHttpServer()).get('/account?tab=billing').set(BROWSER).set('authorization', `Bearer ${this.token}`).expect(200);
  }

  async joinTeam(name: string): Promise<void> {
    await request(this.app.getHttpServer()).post('/account/team').set(BROWSER).set('authorization', `Bearer ${this.token}`).send({ name }).expect(201);
  }
}
