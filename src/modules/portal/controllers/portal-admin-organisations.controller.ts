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
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { Role } from '../../../common/roles';
import { AccountsService } from '../../accounts/accounts.service';
import { OrganisationResponseDto } from '../../accounts/dto/organisation.dto';
import { Accreditation, OrganisationKind } from '../../accounts/entities/organisation-kinds';
import { SenderStandingService } from '../../accounts/sender-standing.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { offsetOf, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  OrganisationPageExtra,
  organisationPage,
  ORGS,
  organisationsPage,
} from '../presenters/admin-organisations.presenter';

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

// Administration of complainant organisations (issue #19): add one, and set its standing
// through SenderStandingService, which keeps the audit chain.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalAdminOrganisationsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly standing: SenderStandingService,
    private readonly views: PortalViewService,
  ) {}

  @Get('admin/organisations')
  @Roles(...PAGE_ROLES.organisations)
  async organisations(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    await this.organisationsPage(principal, req, res, pageNumber(rawPage), {}, {});
  }

  @Post('admin/organisations')
  @Roles(Role.Admin)
  async createOrganisation(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = {
      name: text(body.name),
      kind: text(body.kind),
      postalAddress: text(body.postalAddress),
    };
    const errors: FieldErrors = {};
    if (form.name === '' || form.name.length > 200) {
      errors.name = 'Enter the organisation’s name (at most 200 characters)';
    }
    if (!(Object.values(OrganisationKind) as string[]).includes(form.kind)) {
      errors.kind = 'Choose what kind of organisation it is';
    }
    if (Object.keys(errors).length === 0) {
      try {
        const org = await this.accounts.createOrganisation(
          {
            name: form.name,
            kind: form.kind as OrganisationKind,
            postalAddress: form.postalAddress || null,
          },
          actorFromPrincipal(principal),
        );
        return res.redirect(303, `${ORGS}/${org.id}?done=created`);
      } catch (e) {
        if (!(e instanceof AppError) || e.kind !== 'conflict') throw e;
        errors.name = e.message;
      }
    }
    await this.organisationsPage(principal, req, res, 1, errors, form, 400);
  }

  @Get('admin/organisations/:id')
  @Roles(Role.Admin)
  async organisation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.organisationPage(req, res, id, {
      notice:
        done === 'created'
          ? 'The organisation was created, pending accreditation.'
          : done === 'standing'
            ? 'The standing was changed and recorded in the audit log.'
            : undefined,
    });
  }

  @Post('admin/organisations/:id/standing')
  @Roles(Role.Admin)
  async setStanding(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const accreditation = text(body.accreditation);
    const note = text(body.note);
    const errors: FieldErrors = {};
    if (!(Object.values(Accreditation) as string[]).includes(accreditation)) {
      errors.accreditation = 'Choose the new standing';
    }
    if (note.length < 3 || note.length > 1000) {
      errors.note = 'Say why, in 3 to 1,000 characters (kept in the audit log)';
    }
    if (Object.keys(errors).length > 0) {
      return this.organisationPage(req, res, id, { errors, form: { accreditation, note } }, 400);
    }
    await this.standing.set(
      actorFromPrincipal(principal),
      id,
      accreditation as Accreditation,
      note,
    );
    res.redirect(303, `${ORGS}/${id}?done=standing`);
  }

  private async organisationsPage(
    principal: Principal,
    req: Request,
    res: Response,
    page: number,
    errors: FieldErrors,
    form: Record<string, string>,
    status = 200,
  ): Promise<void> {
    const [rows, total] = await this.accounts.listOrganisations(offsetOf(page), PAGE_SIZE);
    const isAdmin = principal.role === Role.Admin;
    const ctx = organisationsPage(rows, total, page, isAdmin, errors, form);
    await this.views.send(req, res, 'organisations', ctx, status);
  }

  private async organisationPage(
    req: Request,
    res: Response,
    id: string,
    extra: OrganisationPageExtra,
    status = 200,
  ): Promise<void> {
    const org = OrganisationResponseDto.from(await this.accounts.getOrganisation(id));
    await this.views.send(req, res, 'organisation', organisationPage(org, extra), status);
  }
}
