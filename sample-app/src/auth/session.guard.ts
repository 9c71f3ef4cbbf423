import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { UsersService } from '../users/users.service.js';

/**
 * `Authorization: Bearer <token>` from /login. Sets `request.user = { id }`, which is where the
 * Segment module's default user resolver looks: every message of the request gets its userId.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly users: UsersService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: { id: string } }>();
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const user = token === undefined ? undefined : this.users.bySession(token);
    if (user === undefined) throw new UnauthorizedException('log in first: Authorization: Bearer <token>');
    request.user = { id: user.id };
    return true;
  }
}
