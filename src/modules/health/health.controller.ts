import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../database/database.module';
import { Public } from '../auth/auth.decorators';
import { PipelineHealthIndicator } from './pipeline-health.indicator';
import { RedisHealthIndicator } from './redis-health.indicator';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly pipeline: PipelineHealthIndicator,
    @InjectDataSource(IDENTITY_CONNECTION) private readonly identityDs: DataSource,
  ) {}

  /** Liveness: the process answers */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: PostgreSQL (on the service's connection, `database`, and on the identity
   * connection, `identity_database`) and Redis answer; 503 naming what does not otherwise.
   * `pipeline` reports the pending work (oldest row per state) and whether the worker sweeps run */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1500 }),
      // Mail, disclosure and the legal views read identity on this one (issue 16).
      () => this.db.pingCheck('identity_database', { connection: this.identityDs, timeout: 1500 }),
      () => this.redis.isHealthy('redis'),
      () => this.pipeline.report('pipeline'),
    ]);
  }
}
