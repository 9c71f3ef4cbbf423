import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AccountModule } from './account/account.module.js';
import { marketingModule, segmentModule } from './analytics/segment-clients.js';
import { AppController } from './app.controller.js';
import { OrdersModule } from './orders/orders.module.js';
import { UsersModule } from './users/users.module.js';

@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true }), segmentModule, marketingModule, UsersModule, OrdersModule, AccountModule],
  controllers: [AppController],
})
export class AppModule {}
