import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { redisOptions } from '../../queue/redis-options';

// A dedicated connection that fails fast: Bull's own clients queue commands while offline,
// which would make a readiness probe hang instead of answering "not ready".
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.client = new Redis({
      ...redisOptions(config.redis),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: () => 1000,
    });
    this.client.on('error', () => undefined);
  }

  async isHealthy(key = 'redis') {
    const check = this.indicators.check(key);
    try {
      if (this.client.status === 'wait') await this.client.connect();
      const pong = await withTimeout(this.client.ping(), 1000);
      return pong === 'PONG'
        ? check.up()
        : check.down({ message: `unexpected reply ${String(pong)}` });
    } catch (e) {
      return check.down({ message: e instanceof Error ? e.message : 'unreachable' });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.client.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
