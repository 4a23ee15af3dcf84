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
import { AppError, STATUS_BY_KIND } from '../../../common/errors/app-error';
import { AccountsService } from '../../accounts/accounts.service';
import { Role } from '../../../common/roles';
import { allowedScopes } from '../../auth/scopes';
import { ApiKeyService } from '../../auth/api-key.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { ApiKeyResponseDto } from '../../auth/dto/auth.dto';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { CreateApiKeyForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { ApiKeysExtra, apiKeysPage } from '../presenters/api-keys.presenter';

const PAGE = `${PORTAL_BASE}/api-keys`;

// Rights-holder counsel manage their organisation's API keys; an admin sees and revokes all.
@ApiExcludeController()
@Controller(PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.apiKeys)
export class PortalCounselController {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('revoked') revoked?: string,
  ): Promise<void> {
    await this.page(principal, req, res, {
      notice: revoked === '1' ? 'The key was revoked. It no longer works.' : undefined,
    });
  }

  // Counsel make keys for their own organisation; an admin makes complainant keys for any
  // organisation (issue #19). Both choose the scopes the role allows (scopes.ts); a staff or
  // legal key stays with the CLI, so legal access is never granted here.
  @Post()
  @Roles(Role.Complainant, Role.Admin)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const isAdmin = principal.role === Role.Admin;
    const scopes = (Array.isArray(body?.scopes) ? body.scopes : [body?.scopes]).filter(
      (v): v is string => typeof v === 'string',
    );
    const organisationId = typeof body?.organisationId === 'string' ? body.organisationId : '';
    const form = await validateForm(CreateApiKeyForm, { name: body?.name });
    const errors: FieldErrors = { ...form.errors };
    const allowed = allowedScopes(Role.Complainant) as readonly string[];
    if (scopes.length === 0) errors.scopes = 'Tick at least one thing the key may do';
    else if (scopes.some((x) => !allowed.includes(x))) errors.scopes = 'Tick scopes from the list';
    if (isAdmin && !/^[0-9a-f-]{36}$/i.test(organisationId)) {
      errors.organisationId = 'Choose the organisation the key belongs to';
    }
    const echo = { name: body?.name, scopes, organisationId };
    if (Object.keys(errors).length > 0) {
      return this.page(principal, req, res, { errors, ...echo }, 400);
    }
    let created: Awaited<ReturnType<ApiKeyService['issue']>>;
    try {
      created = await this.apiKeys.issue(principal, {
        name: form.value.name,
        scopes,
        ...(isAdmin ? { role: Role.Complainant, organisationId } : {}),
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind === 'unavailable') throw e;
      const field =
        e.fields[0]?.field === 'scopes' ? 'scopes' : isAdmin ? 'organisationId' : 'name';
      // A refusal (a suspended sender, a scope the role may not hold) answers with its own
      // status (403), shown beside the field like any other error.
      const status = e.kind === 'forbidden' ? STATUS_BY_KIND[e.kind] : 400;
      return this.page(principal, req, res, { errors: { [field]: e.message }, ...echo }, status);
    }
    await this.page(
      principal,
      req,
      res,
      { created: { ...ApiKeyResponseDto.from(created.apiKey), key: created.key } },
      201,
    );
  }

  @Post(':id/revoke')
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.apiKeys.revoke(principal, actorFromPrincipal(principal), id);
    res.redirect(303, `${PAGE}?revoked=1`);
  }

  private async page(
    principal: Principal,
    req: Request,
    res: Response,
    extra: ApiKeysExtra,
    status = 200,
  ): Promise<void> {
    const keys = (await this.apiKeys.list(principal)).map((k) => ApiKeyResponseDto.from(k));
    const [orgs] =
      principal.role === Role.Admin ? await this.accounts.listOrganisations(0, 500) : [[]];
    await this.views.send(
      req,
      res,
      'api-keys',
      apiKeysPage(principal.role, keys, orgs, extra),
      status,
    );
  }
}
