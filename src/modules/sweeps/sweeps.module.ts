import { Module } from '@nestjs/common';
import { SweepRunsRepository } from './sweep-runs.repository';

// Records and reads the runs of the database sweeps (workers write, health and metrics read).
@Module({ providers: [SweepRunsRepository], exports: [SweepRunsRepository] })
export class SweepsModule {}
