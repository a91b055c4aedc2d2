import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard';

/**
 * The verified caller (`Principal`), or undefined on a public endpoint called anonymously.
 * `@Get(':id') get(@Param('id') id: string, @CurrentUser() user: Principal)`.
 */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().user);
