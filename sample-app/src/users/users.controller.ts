import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Identify, Track } from 'nestjs-segment';
import { NewsletterService } from './newsletter.service.js';
import type { Session, User } from './user.js';
import { UsersService } from './users.service.js';

interface SignUpBody {
  email?: unknown;
  name?: unknown;
  plan?: unknown;
  newsletter?: unknown;
}

@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly newsletter: NewsletterService,
  ) {}

  /** Sends identify (who the user is), then track "Signed Up": decorators run top to bottom. */
  @Post('signup')
  @Identify<User>({
    userId: ({ result }) => result!.id,
    traits: ({ result }) => ({ email: result!.email, name: result!.name, plan: result!.plan, createdAt: result!.createdAt }),
  })
  @Track<User>('Signed Up', { userId: ({ result }) => result!.id, properties: ({ result }) => ({ plan: result!.plan }) })
  signUp(@Body() body: SignUpBody): User {
    if (typeof body?.email !== 'string' || !body.email.includes('@')) throw new BadRequestException('email is required');
    const name = typeof body.name === 'string' ? body.name : body.email.split('@')[0]!;
    const user = this.users.signUp(body.email, name, body.plan === 'pro' ? 'pro' : 'free');
    if (body.newsletter === true) this.newsletter.subscribe(user);
    return user;
  }

  @Post('login')
  @HttpCode(200)
  @Track<Session>('Logged In', { userId: ({ result }) => result!.userId })
  logIn(@Body() body: { email?: unknown }): Session {
    if (typeof body?.email !== 'string') throw new BadRequestException('email is required');
    return this.users.logIn(body.email);
  }
}
