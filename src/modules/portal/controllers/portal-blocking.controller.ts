import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { Role } from '../../../common/roles';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { BlockingOrdersService } from '../../blocking/blocking-orders.service';
import { REFUSAL_GROUNDS, UPDATE_BASES, UpdateRequestRow } from '../../blocking/blocking.types';
import { EXPORT_FORMATS } from '../../blocking/export-writers';
import { ProtectedListService } from '../../blocking/protected-list.service';
import { UpdateRequestsService } from '../../blocking/update-requests.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { confirmBy, sendOrderPage } from '../blocking-order-page';
import { errorSummary, FieldErrors, validateForm, withBlanks } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const BASE = `${PORTAL_BASE}/blocking`;
const own = (p: Principal) =>
  p.role === Role.Complainant ? (p.organisationId ?? '00000000-0000-0000-0000-000000000000') : null;

export class UpdateDecisionForm {
  @Transform(({ value }: { value: unknown }): unknown[] =>
    Array.isArray(value) ? (value as unknown[]) : value ? [value] : [],
  )
  @IsArray()
  @ArrayMinSize(1, { message: 'Tick at least one request' })
  @IsUUID('all', { each: true, message: 'Tick at least one request' })
  ids!: string[];

  @IsIn(['approve', 'refuse'], { message: 'Choose approve or refuse' })
  decision!: 'approve' | 'refuse';

  @IsOptional()
  @IsIn(UPDATE_BASES, { message: 'Choose the legal basis' })
  basisKind?: string;

  @IsOptional()
  @IsString()
  @Length(1, 300, { message: 'Give the court reference, authority request id or agreement' })
  basisReference?: string;

  @IsOptional()
  @IsIn(REFUSAL_GROUNDS, { message: 'Choose a ground' })
  ground?: string;

  @IsString({ message: 'Give the reason' })
  @Length(3, 2000, { message: 'Give the reason (3 to 2000 characters)' })
  reason!: string;

  @IsOptional()
  @IsString()
  @Length(20, 4000, { message: 'A written justification needs at least 20 characters' })
  overrideJustification?: string;
}

export class ProtectedForm {
  @IsString({ message: 'Give a name, a range or an AS number' })
  @Length(1, 300, { message: 'Give a name, a range or an AS number' })
  value!: string;

  @IsOptional()
  @IsString()
  @Length(0, 500)
  note?: string;
}

const requestView = (r: UpdateRequestRow, now: Date) => ({
  ...r,
  seenAt: r.evidence.seenAt,
  description: r.evidence.description,
  overdue: r.implement_by !== null && r.implement_by < now,
  // A pending proposal past its deadline to decide.
  late: r.status === 'pending' && r.decide_by < now,
  basis: r.basis_kind ? `${r.basis_kind}: ${r.basis_reference}` : null,
});

// Blocking register pages (issue #18): counsel sees its orders and update requests with their
// status; legal the review queue oldest first with decisions in bulk, the protected list and the
// overrides (in red); the desk and admins read everything and fetch the exports.
@ApiExcludeController()
@Controller(BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalBlockingController {
  constructor(
    private readonly orders: BlockingOrdersService,
    private readonly updates: UpdateRequestsService,
    private readonly protectedList: ProtectedListService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  @Roles(...PAGE_ROLES.blocking)
  async list(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const [orders, expiring] = await Promise.all([
      this.orders.list(own(p)),
      this.orders.expiring(),
    ]);
    const soon = new Set(expiring.map((o) => o.id));
    await this.views.send(req, res, 'blocking-orders', {
      title: 'Blocking orders',
      orders: orders.map((o) => ({ ...o, expiring: soon.has(o.id) })),
      staff: p.role !== Role.Complainant,
      counsel: p.role === Role.Complainant,
      exports: p.role === Role.Complainant ? [] : EXPORT_FORMATS,
    });
  }

  @Get('orders/:id')
  @Roles(...PAGE_ROLES.blocking)
  async order(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('submitted') submitted?: string,
  ): Promise<void> {
    const d = await this.orders.detail(id, own(p));
    await sendOrderPage(this.views, p, d, req, res, {
      notice:
        submitted === '1'
          ? `Order ${d.order.reference} was received with its document; legal will confirm it.`
          : undefined,
    });
  }

  @Get('update-requests')
  @Roles(...PAGE_ROLES.blocking)
  async requests(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('proposed') proposed?: string,
  ): Promise<void> {
    const n = /^\d{1,5}$/.test(proposed ?? '') ? Number(proposed) : 0;
    const notice = n
      ? `${n} proposal${n === 1 ? '' : 's'} sent; legal will decide each.`
      : undefined;
    await this.requestsPage(p, req, res, {}, {}, 200, notice);
  }

  @Post('update-requests/decisions')
  @Roles(...PAGE_ROLES.blockingDecisions)
  async decide(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(UpdateDecisionForm, body);
    const echo = Object.fromEntries(
      Object.entries(body ?? {}).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const errors: FieldErrors = { ...form.errors };
    const v = form.value;
    if (form.ok && v.decision === 'approve' && !v.basisKind)
      errors.basisKind = 'An approval cites its legal basis';
    if (form.ok && v.decision === 'approve' && !v.basisReference)
      errors.basisReference = 'Give the court reference, authority request id or agreement';
    if (form.ok && v.decision === 'refuse' && !v.ground)
      errors.ground = 'A refusal names its ground';
    if (Object.keys(errors).length) return this.requestsPage(p, req, res, echo, errors, 400);
    try {
      const out = await this.updates.decide(
        actorFromPrincipal(p),
        v.ids,
        v.decision === 'approve'
          ? {
              decision: 'approve',
              basis: {
                kind: v.basisKind as (typeof UPDATE_BASES)[number],
                reference: v.basisReference!,
              },
              reason: v.reason,
              overrideJustification: v.overrideJustification,
            }
          : {
              decision: 'refuse',
              ground: v.ground as (typeof REFUSAL_GROUNDS)[number],
              reason: v.reason,
            },
      );
      const approved = out.filter((o) => o.status === 'approved').length;
      const notice = `${approved} approved, ${out.length - approved} refused.`;
      return this.requestsPage(p, req, res, {}, {}, 200, notice);
    } catch (e) {
      if (e instanceof AppError && (e.kind === 'invalid' || e.kind === 'conflict')) {
        return this.requestsPage(
          p,
          req,
          res,
          echo,
          { basisKind: e.message },
          e.kind === 'invalid' ? 400 : 409,
        );
      }
      throw e;
    }
  }

  @Get('protected')
  @Roles(...PAGE_ROLES.blockingProtected)
  async protectedPage(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.protectedView(p, req, res, {}, {});
  }

  @Post('protected')
  @Roles(...PAGE_ROLES.blockingDecisions)
  async addProtected(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(ProtectedForm, body);
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const echo = { value: text(body?.value), note: text(body?.note) };
    if (!form.ok) return this.protectedView(p, req, res, echo, form.errors, 400);
    try {
      const row = await this.protectedList.add(actorFromPrincipal(p), form.value);
      return this.protectedView(
        p,
        req,
        res,
        {},
        {},
        200,
        `${row.kind} ${row.value} is now protected.`,
      );
    } catch (e) {
      if (e instanceof AppError && (e.kind === 'invalid' || e.kind === 'conflict')) {
        return this.protectedView(p, req, res, echo, { value: e.message }, 400);
      }
      throw e;
    }
  }

  private async requestsPage(
    p: Principal,
    req: Request,
    res: Response,
    form: Record<string, string>,
    errors: FieldErrors,
    status = 200,
    notice?: string,
  ): Promise<void> {
    const now = new Date();
    const legal = p.role === Role.Legal;
    const [rows, orders] = await Promise.all([
      this.updates.list(own(p)),
      legal ? this.orders.list(null) : Promise.resolve([]),
    ]);
    // Orders counsel submitted, waiting for legal, soonest deadline first.
    const toConfirm = orders
      .filter((o) => o.status === 'submitted')
      .map((o) => ({ ...o, confirmBy: confirmBy(o), late: confirmBy(o) < now }))
      .sort((a, b) => a.confirmBy.getTime() - b.confirmBy.getTime());
    await this.views.send(
      req,
      res,
      'blocking-requests',
      {
        title: legal ? 'Update review queue' : 'Update requests',
        legal,
        counsel: p.role === Role.Complainant,
        toConfirm,
        pending: rows.filter((r) => r.status === 'pending').map((r) => requestView(r, now)),
        decided: rows.filter((r) => r.status !== 'pending').map((r) => requestView(r, now)),
        bases: UPDATE_BASES,
        grounds: REFUSAL_GROUNDS,
        form: withBlanks(
          ['basisKind', 'basisReference', 'decision', 'ground', 'overrideJustification', 'reason'],
          form,
        ),
        errors,
        summary: errorSummary(errors),
        notice,
      },
      status,
    );
  }

  private async protectedView(
    p: Principal,
    req: Request,
    res: Response,
    form: Record<string, string>,
    errors: FieldErrors,
    status = 200,
    notice?: string,
  ): Promise<void> {
    const [entries, overrides] = await Promise.all([
      this.protectedList.list(),
      this.orders.overrides(),
    ]);
    await this.views.send(
      req,
      res,
      'blocking-protected',
      {
        title: 'Protected list',
        legal: p.role === Role.Legal,
        entries,
        overrides,
        form: withBlanks(['note', 'value'], form),
        errors,
        summary: errorSummary(errors),
        notice,
      },
      status,
    );
  }
}
