import type { Request, Response } from 'express';
import { Role } from '../../common/roles';
import { Principal } from '../auth/principal';
import { OrderDetail } from '../blocking/blocking-orders.service';
import { OrderPageState, orderPage } from './blocking-pages';
import { PortalViewService } from './portal-view.service';

export type { OrderPageState } from './blocking-pages';

// The order page, for every role that may read it (blocking-pages.ts builds its context).
export async function sendOrderPage(
  views: PortalViewService,
  p: Principal,
  d: OrderDetail,
  req: Request,
  res: Response,
  state: OrderPageState = {},
  now = new Date(),
): Promise<void> {
  const page = orderPage(
    d,
    { legal: p.role === Role.Legal, counsel: p.role === Role.Complainant },
    state,
    now,
  );
  await views.send(req, res, 'blocking-order', { ...page }, state.status ?? 200);
}
