import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { BlockingOrdersRepository } from './blocking-orders.repository';
import { OrderRow } from './blocking.types';
import { parseFqdn, selfAndParents } from './target-values';

export interface StopPageView {
  name: string | null;
  orders: OrderRow[];
}

// What the public stop page shows for the name a visitor asked for: the orders blocking it now.
// It reads the Host header only to find the order; nothing about the visitor is stored.
@Injectable()
export class StopPageService {
  constructor(
    private readonly repo: BlockingOrdersRepository,
    private readonly clock: Clock,
  ) {}

  async forHost(host: string | undefined): Promise<StopPageView> {
    const parsed = parseFqdn((host ?? '').replace(/:\d+$/, ''));
    if ('error' in parsed || parsed.kind !== 'fqdn') return { name: null, orders: [] };
    const orders = await this.repo.ordersBlocking(
      this.clock.now(),
      'fqdn',
      selfAndParents(parsed.value),
    );
    return { name: parsed.value, orders };
  }
}
