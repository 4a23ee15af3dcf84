import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../auth/auth.decorators';
import { checkMetricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

// Prometheus scrape endpoint (checkMetricsAccess says who may read it).
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
    checkMetricsAccess(this.config, authorization);
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
