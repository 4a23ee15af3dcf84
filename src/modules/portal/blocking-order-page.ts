import type { Request, Response } from 'express';
import { Role } from '../../common/roles';
import { Principal } from '../auth/principal';
import { OrderDetail } from '../blocking/blocking-orders.service';
import { OrderRow } from '../blocking/blocking.types';
import { costTotals, formatCents } from './blocking-forms';
import { errorSummary, FieldErrors, withBlanks } from './portal-form';
import { PortalViewService } from './portal-view.service';

// A submitted order's deadline, counted from the order's date (the court's clock runs from it).
export const confirmBy = (o: OrderRow): Date =>
  new Date(Date.parse(`${o.order_date}T00:00:00Z`) + o.implementation_days * 86_400_000);

export interface OrderPageState {
  notice?: string;
  // Which form the errors belong to, so only that form shows them.
  costForm?: Record<string, string>;
  costErrors?: FieldErrors;
  decisionForm?: Record<string, string>;
  decisionErrors?: FieldErrors;
  status?: number;
}

// The order page, for every role that may read it: legal also gets the cost lines with their
// totals and the cost form, and the confirm/reject form while the order is submitted; counsel
// the way to propose mirrors once it is confirmed.
export async function sendOrderPage(
  views: PortalViewService,
  p: Principal,
  d: OrderDetail,
  req: Request,
  res: Response,
  state: OrderPageState = {},
  now = new Date(),
): Promise<void> {
  const legal = p.role === Role.Legal;
  const costErrors = state.costErrors ?? {};
  const decisionErrors = state.decisionErrors ?? {};
  const deadline = confirmBy(d.order);
  await views.send(
    req,
    res,
    'blocking-order',
    {
      title: `Blocking order ${d.order.reference}`,
      order: d.order,
      targets: d.targets,
      windows: d.windows,
      legal,
      counsel: p.role === Role.Complainant,
      confirmed: d.order.status === 'confirmed',
      submitted: d.order.status === 'submitted',
      confirmBy: deadline,
      confirmOverdue: d.order.status === 'submitted' && deadline < now,
      costs: legal ? d.costs.map((c) => ({ ...c, amount: formatCents(c.amount_cents) })) : [],
      totals: legal ? costTotals(d.costs) : [],
      costForm: withBlanks(
        ['amount', 'currency', 'description', 'hours', 'incurredOn'],
        state.costForm ?? { currency: 'EUR' },
      ),
      costErrors,
      decisionForm: withBlanks(['decision', 'reason'], state.decisionForm ?? {}),
      decisionErrors,
      summary: errorSummary({ ...decisionErrors, ...costErrors }),
      notice: state.notice,
    },
    state.status ?? 200,
  );
}
