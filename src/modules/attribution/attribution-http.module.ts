import { Module } from '@nestjs/common';
import { AttributionController } from './attribution.controller';
import { AttributionModule } from './attribution.module';

@Module({ imports: [AttributionModule], controllers: [AttributionController] })
export class AttributionHttpModule {}
