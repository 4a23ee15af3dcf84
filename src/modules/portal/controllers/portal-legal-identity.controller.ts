import {
  Body,
  Controller,
  Get,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { Clock } from '../../../common/time/clock';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { DisclosureQueryService } from '../../disclosure/disclosure-query.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { SubscriberIdentity } from '../../identity/identity.service';
import { IdentityViewForm } from '../dto/portal-legal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { identityPage, OpenedIdentity } from '../presenters/legal.presenter';

// Legal staff open one subscriber's identity (MA-4, RA-7). The read goes through
// IdentityService, which writes the audit entry in the same transaction; the page says so.
// POST, so that a reload, a prefetch or a shared link never opens (and logs) an identity.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/legal/identity`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.identityView)
export class PortalLegalIdentityController {
  constructor(
    private readonly query: DisclosureQueryService,
    private readonly views: PortalViewService,
    private readonly clock: Clock,
  ) {}

  // `?ref=` fills in the reference (links from a disclosure request); nothing is read yet.
  @Get()
  async form(@Req() req: Request, @Res() res: Response, @Query('ref') ref?: string): Promise<void> {
    const subscriberRef = typeof ref === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(ref) ? ref : '';
    await this.render(req, res, { subscriberRef, purpose: '' }, {});
  }

  @Post()
  async open(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const echo = {
      subscriberRef: typeof body?.subscriberRef === 'string' ? body.subscriberRef.trim() : '',
      purpose: typeof body?.purpose === 'string' ? body.purpose : '',
    };
    const form = await validateForm(IdentityViewForm, { ...body, ...echo });
    if (!form.ok) return this.render(req, res, echo, form.errors, 400);
    let identity: Partial<SubscriberIdentity>;
    try {
      identity = await this.query.identityView(
        actorFromPrincipal(p),
        form.value.subscriberRef,
        `portal identity view: ${form.value.purpose}`,
      );
    } catch (e) {
      if (e instanceof AppError && e.kind === 'not_found') {
        return this.render(
          req,
          res,
          echo,
          { subscriberRef: 'No subscriber has this reference. Check it and try again.' },
          404,
        );
      }
      throw e;
    }
    await this.render(req, res, echo, {}, 200, {
      ref: form.value.subscriberRef,
      openedAt: this.clock.now(),
      identity,
    });
  }

  private render(
    req: Request,
    res: Response,
    form: { subscriberRef: string; purpose: string },
    errors: FieldErrors,
    status = 200,
    opened?: OpenedIdentity,
  ): Promise<void> {
    return this.views.send(req, res, 'legal-identity', identityPage(form, errors, opened), status);
  }
}
