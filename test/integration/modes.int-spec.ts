import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bull';
import { AppModule } from '../../src/app.module';
import { MaintenanceJob, QueueName } from '../../src/queue/queue-names';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('run modes', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  async function boot(mode: string): Promise<{ ctx: INestApplicationContext; queue: Queue }> {
    const ctx = await NestFactory.createApplicationContext(
      AppModule.forRoot(testConfig(db.url, { MODE: mode })),
      { logger: false },
    );
    await ctx.init();
    return { ctx, queue: ctx.get<Queue>(getQueueToken(QueueName.Maintenance)) };
  }

  it('MODE=worker consumes the queues', async () => {
    const { ctx, queue } = await boot('worker');
    try {
      const job = await queue.add(MaintenanceJob.PurgeSessions, {}, { attempts: 1 });
      await expect(job.finished()).resolves.toEqual({ deleted: 0 });
    } finally {
      await ctx.close();
    }
  });

  it('MODE=api enqueues but runs no worker', async () => {
    const { ctx, queue } = await boot('api');
    try {
      const job = await queue.add(MaintenanceJob.PurgeSessions, {}, { attempts: 1 });
      await new Promise((r) => setTimeout(r, 1500));
      expect(await job.getState()).toBe('waiting');
      await job.remove();
    } finally {
      await ctx.close();
    }
  });
});
