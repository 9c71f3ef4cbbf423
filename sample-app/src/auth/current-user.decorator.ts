import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** The id the SessionGuard put on the request, on Express and Fastify alike. */
export const CurrentUserId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<{ user: { id: string } }>().user.id;
});
