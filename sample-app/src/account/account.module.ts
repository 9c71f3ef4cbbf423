import { Module } from '@nestjs/common';
import { AccountController } from './account.controller.js';
import { TeamsService } from './teams.service.js';

@Module({ controllers: [AccountController], providers: [TeamsService] })
export class AccountModule {}
