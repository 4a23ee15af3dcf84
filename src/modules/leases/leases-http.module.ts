import { Module } from '@nestjs/common';
import { LeasesController } from './leases.controller';
import { LeasesModule } from './leases.module';

@Module({ imports: [LeasesModule], controllers: [LeasesController] })
export class LeasesHttpModule {}
