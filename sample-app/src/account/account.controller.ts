import { BadRequestException, Body, Controller, Get, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { Group, Page } from 'nestjs-segment';
import { CurrentUserId } from '../auth/current-user.decorator.js';
import { SessionGuard } from '../auth/session.guard.js';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { TeamsService, type Team } from './teams.service.js';

interface AccountView {
  readonly user: User;
  readonly team: Team | undefined;
}

@Controller('account')
@UseGuards(SessionGuard)
export class AccountController {
  constructor(
    private readonly users: UsersService,
    private readonly teams: TeamsService,
  ) {}

  /** A server-rendered page in a real app: one page call, with the request's url, path and referrer in context.page. */
  @Get()
  @Page<AccountView>('Account', { category: 'Settings', properties: ({ result }) => ({ plan: result!.user.plan }) })
  view(@CurrentUserId() userId: string): AccountView {
    const user = this.users.byId(userId);
    if (user === undefined) throw new NotFoundException('no such user');
    return { user, team: this.teams.byId(user.teamId) };
  }

  /** Joining a team is a group call: it ties the user to the account and sets the account's traits. */
  @Post('team')
  @Group<Team>({
    groupId: ({ result }) => result!.id,
    traits: ({ result }) => ({ name: result!.name, plan: result!.plan, members: result!.members }),
  })
  joinTeam(@CurrentUserId() userId: string, @Body() body: { name?: unknown }): Team {
    if (typeof body?.name !== 'string' || body.name.trim() === '') throw new BadRequestException('name is required');
    return this.teams.join(userId, body.name.trim());
  }
}
