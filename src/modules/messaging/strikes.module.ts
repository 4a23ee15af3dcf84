import { Module } from '@nestjs/common';
import { StrikesRepository } from './strikes.repository';

// Strike withdrawal alone, so intake can withdraw a notice's strikes in the transaction that
// marks the notice invalid (ER-3) without depending on the mail worker.
@Module({ providers: [StrikesRepository], exports: [StrikesRepository] })
export class StrikesModule {}
