import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Public } from '../auth/auth.decorators';
import { authErrors } from '../auth/auth.errors';
import { MetricsService } from './metrics.service';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

// Prometheus scrape endpoint. It shows counts of identity reads, so outside development it
// answers only with METRICS_TOKEN, and not at all while none is configured (issue 16).
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
    if (!token && this.config.env !== 'development') throw authErrors.metricsTokenRequired();
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) throw authErrors.invalid();
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
