import { ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Session, User } from './user.js';

/** Users and sessions, in memory: the sample is about analytics, not storage. */
@Injectable()
export class UsersService {
  private readonly users = new Map<string, User>();
  private readonly sessions = new Map<string, string>();
  private nextId = 1;

  signUp(email: string, name: string, plan: User['plan']): User {
    if (this.byEmail(email) !== undefined) throw new ConflictException(`${email} already has an account`);
    const user: User = { id: `user_${this.nextId++}`, email, name, plan, createdAt: new Date().toISOString() };
    this.users.set(user.id, user);
    return user;
  }

  logIn(email: string): Session {
    const user = this.byEmail(email);
    if (user === undefined) throw new UnauthorizedException('unknown email');
    const token = randomBytes(12).toString('hex');
    this.sessions.set(token, user.id);
    return { userId: user.id, token };
  }

  /** The user a bearer token belongs to. */
  bySession(token: string): User | undefined {
    const id = this.sessions.get(token);
    return id === undefined ? undefined : this.users.get(id);
  }

  byId(id: string): User | undefined {
    return this.users.get(id);
  }

  private byEmail(email: string): User | undefined {
    return [...this.users.values()].find((user) => user.email === email);
  }
}
