import { Global, Module } from '@nestjs/common';
import { NewsletterService } from './newsletter.service.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Global()
@Module({ controllers: [UsersController], providers: [UsersService, NewsletterService], exports: [UsersService] })
export class UsersModule {}
