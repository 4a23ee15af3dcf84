import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../auth/auth.decorators';
import { authErrors } from '../auth/auth.errors';
import { MetricsService } from './metrics.service';

// Prometheus scrape endpoint; protected by METRICS_TOKEN when one is configured.
@ApiExcludeController()
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const token = this.config.metricsToken;
    if (token && authorization !== `Bearer ${token}`) throw authErrors.invalid();
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
