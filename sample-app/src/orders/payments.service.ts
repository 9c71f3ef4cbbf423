import { Injectable } from '@nestjs/common';

/** A declined card, with the reason a payment provider would give. */
export class PaymentDeclinedError extends Error {
  constructor(readonly reason: 'card_declined' | 'insufficient_funds') {
    super(`payment declined: ${reason}`);
  }
}

/** Test card numbers, as payment providers document them. */
export const CARDS = { ok: '4242 4242 4242 4242', declined: '4000 0000 0000 0002', insufficientFunds: '4000 0000 0000 9995' } as const;

/** A stand-in payment provider: every card is charged except the two declining test cards. */
@Injectable()
export class PaymentsService {
  private charges = 0;

  charge(amount: number, card: string): string {
    const digits = card.replace(/\s/g, '');
    if (digits === CARDS.declined.replace(/\s/g, '')) throw new PaymentDeclinedError('card_declined');
    if (digits === CARDS.insufficientFunds.replace(/\s/g, '')) throw new PaymentDeclinedError('insufficient_funds');
    return `ch_${++this.charges}_${Math.round(amount * 100)}`;
  }
}
