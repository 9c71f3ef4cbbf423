import { Injectable, NotFoundException } from '@nestjs/common';
import { UsersService } from '../users/users.service.js';

export interface Team {
  readonly id: string;
  readonly name: string;
  readonly plan: 'free' | 'pro';
  readonly members: number;
}

/** Teams (Segment "groups"): accounts that several users belong to. In memory. */
@Injectable()
export class TeamsService {
  private readonly teams = new Map<string, Team>();
  private nextId = 1;

  constructor(private readonly users: UsersService) {}

  /** Joins the team of that name, creating it on first use; the user's plan becomes the team's. */
  join(userId: string, name: string): Team {
    const user = this.users.byId(userId);
    if (user === undefined) throw new NotFoundException('no such user');
    const existing = [...this.teams.values()].find((team) => team.name === name);
    const team: Team = existing === undefined ? { id: `team_${this.nextId++}`, name, plan: user.plan, members: 1 } : { ...existing, members: existing.members + 1 };
    this.teams.set(team.id, team);
    user.teamId = team.id;
    return team;
  }

  byId(id: string | undefined): Team | undefined {
    return id === undefined ? undefined : this.teams.get(id);
  }
}
