/** A user of the sample shop. */
export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly plan: 'free' | 'pro';
  readonly createdAt: string;
  teamId?: string;
}

/** What a successful login returns. */
export interface Session {
  readonly userId: string;
  /** Send it back as `Authorization: Bearer <token>`. */
  readonly token: string;
}
