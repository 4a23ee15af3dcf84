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
import { Role } from '../../accounts/entities/roles';
import { ApiKeyService } from '../../auth/api-key.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { ApiKeyResponseDto } from '../../auth/dto/auth.dto';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { CreateApiKeyForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

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

  // Complainants only: an admin issues keys with a chosen role through the API or the CLI.
  @Post()
  @Roles(Role.Complainant)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(CreateApiKeyForm, body);
    if (!form.ok) {
      return this.page(principal, req, res, { errors: form.errors, name: body?.name }, 400);
    }
    const { apiKey, key } = await this.apiKeys.issue(principal, { name: form.value.name });
    await this.page(
      principal,
      req,
      res,
      { created: { ...ApiKeyResponseDto.from(apiKey), key } },
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
    extra: { errors?: FieldErrors; name?: unknown; created?: unknown; notice?: string },
    status = 200,
  ): Promise<void> {
    const keys = (await this.apiKeys.list(principal)).map((k) => ApiKeyResponseDto.from(k));
    const errors = extra.errors ?? {};
    await this.views.send(
      req,
      res,
      'api-keys',
      {
        title: 'API keys',
        keys,
        active: keys.filter((k) => !k.revokedAt),
        revokedKeys: keys.filter((k) => k.revokedAt),
        canCreate: principal.role === Role.Complainant,
        isAdmin: principal.role === Role.Admin,
        created: extra.created,
        notice: extra.notice,
        errors,
        summary: errorSummary(errors),
        form: { name: typeof extra.name === 'string' ? extra.name : '' },
      },
      status,
    );
  }
}
