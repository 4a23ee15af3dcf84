import {
  Body,
  Controller,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { BlockingOrdersService } from '../../blocking/blocking-orders.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { amountCents } from '../blocking-forms';
import { sendOrderPage } from '../blocking-order-page';
import { BlockingCostForm, BlockingOrderDecisionForm } from '../dto/portal-blocking-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const BASE = `${PORTAL_BASE}/blocking/orders`;

const strings = (body: Record<string, unknown> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(body ?? {}).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;

// Legal's forms on the order page (issue #18): confirm or reject a submitted order (its
// targets take effect at confirmation, BO-1) and record cost lines for invoicing whoever bears
// the cost. Each post answers with the order page, its errors beside the fields.
@ApiExcludeController()
@Controller(BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.blockingDecisions)
export class PortalBlockingLegalController {
  constructor(
    private readonly orders: BlockingOrdersService,
    private readonly views: PortalViewService,
  ) {}

  @Post(':id/costs')
  async addCost(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(BlockingCostForm, body);
    if (!form.ok) {
      const d = await this.orders.detail(id, null);
      return sendOrderPage(this.views, p, d, req, res, {
        costForm: strings(body),
        costErrors: form.errors,
        status: 400,
      });
    }
    const v = form.value;
    const row = await this.orders.addCost(actorFromPrincipal(p), id, {
      incurredOn: v.incurredOn,
      description: v.description,
      hours: v.hours,
      amountCents: amountCents(v.amount),
      currency: v.currency,
    });
    const d = await this.orders.detail(id, null);
    await sendOrderPage(this.views, p, d, req, res, {
      notice: `Cost line recorded: ${row.description}, ${v.amount} ${row.currency}.`,
    });
  }

  @Post(':id/decision')
  async decide(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(BlockingOrderDecisionForm, body);
    const again = async (errors: Record<string, string>, status: number) =>
      sendOrderPage(this.views, p, await this.orders.detail(id, null), req, res, {
        decisionForm: strings(body),
        decisionErrors: errors,
        status,
      });
    if (!form.ok) return again(form.errors, 400);
    const actor = actorFromPrincipal(p);
    try {
      const d =
        form.value.decision === 'confirm'
          ? await this.orders.confirm(actor, id, form.value.reason)
          : await this.orders.reject(actor, id, form.value.reason);
      const refused = d.targets.filter((t) => t.status === 'refused').length;
      await sendOrderPage(this.views, p, d, req, res, {
        notice:
          form.value.decision === 'confirm'
            ? `Order ${d.order.reference} confirmed: its targets take effect now${refused ? ` (${refused} refused by the protected list)` : ''}.`
            : `Order ${d.order.reference} rejected.`,
      });
    } catch (e) {
      if (e instanceof AppError && e.kind === 'conflict')
        return again({ decision: e.message }, 409);
      throw e;
    }
  }
}
