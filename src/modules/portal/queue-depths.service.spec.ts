import type { Queue } from 'bull';
import { QueueName } from '../../queue/queue-names';
import { QueueDepthService } from './queue-depths.service';

const queue = (name: string, counts: () => Promise<Record<string, number>>) =>
  ({ name, getJobCounts: counts }) as unknown as Queue;

describe('QueueDepthService', () => {
  it('reads waiting, active, delayed and failed per queue', async () => {
    const ok = (n: number) => () =>
      Promise.resolve({ waiting: n, active: 1, delayed: 2, failed: 3, completed: 99 });
    const service = new QueueDepthService(
      queue(QueueName.Intake, ok(4)),
      queue(QueueName.Mail, ok(5)),
      queue(QueueName.Retention, ok(0)),
      queue(QueueName.Maintenance, ok(0)),
    );
    const depths = await service.depths();
    expect(depths.map((d) => d.queue)).toEqual(['intake', 'mail', 'retention', 'maintenance']);
    expect(depths[1].counts).toEqual({ waiting: 5, active: 1, delayed: 2, failed: 3 });
  });

  it('marks a queue unavailable, not empty, when Redis does not answer', async () => {
    const never = () => new Promise<Record<string, number>>(() => undefined);
    const broken = () => Promise.reject(new Error('connection refused'));
    const fine = () => Promise.resolve({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    const service = new QueueDepthService(
      queue(QueueName.Intake, never),
      queue(QueueName.Mail, broken),
      queue(QueueName.Retention, fine),
      queue(QueueName.Maintenance, fine),
    );
    const started = Date.now();
    const depths = await service.depths();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(depths.map((d) => d.counts === null)).toEqual([true, true, false, false]);
  });
});
