import { Module } from '@nestjs/common';
import { BlockingExportsController } from './blocking-exports.controller';
import { BlockingModule } from './blocking.module';
import { BlockingOrdersController } from './blocking-orders.controller';
import { LegalBlockingController } from './legal-blocking.controller';
import { StopPageController } from './stop-page.controller';

@Module({
  imports: [BlockingModule],
  controllers: [
    BlockingOrdersController,
    BlockingExportsController,
    LegalBlockingController,
    StopPageController,
  ],
})
export class BlockingHttpModule {}
