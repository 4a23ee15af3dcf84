import { Module } from '@nestjs/common';
import { DeskNoticesController } from './desk-notices.controller';
import { IntakeModule } from './intake.module';
import { NoticesController } from './notices.controller';

@Module({ imports: [IntakeModule], controllers: [NoticesController, DeskNoticesController] })
export class IntakeHttpModule {}
