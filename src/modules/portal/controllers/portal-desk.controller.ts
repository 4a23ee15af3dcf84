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
import { AttributionService } from '../../attribution/attribution.service';
import { AttributionResultDto } from '../../attribution/dto/attribution.dto';
import { Roles } from '../../auth/auth.decorators';
import { LeaseSourcesService } from '../../leases/lease-sources.service';
import { AttributionLookupForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { attributionEcho, attributionPage, leaseImportsPage } from '../presenters/desk.presenter';

// The repository returns the newest imports; the page shows them 25 at a time.
const IMPORTS_WINDOW = 500;

@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalDeskController {
  constructor(
    private readonly leases: LeaseSourcesService,
    private readonly attribution: AttributionService,
    private readonly views: PortalViewService,
  ) {}

  @Get('lease-imports')
  @Roles(...PAGE_ROLES.leaseImports)
  async leaseImports(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const all = await this.leases.recentImports(IMPORTS_WINDOW);
    await this.views.send(req, res, 'lease-imports', leaseImportsPage(all, rawPage));
  }

  @Get('attribution')
  @Roles(...PAGE_ROLES.attribution)
  async lookupForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.views.send(req, res, 'attribution', attributionPage(attributionEcho({}), undefined));
  }

  // POST, not GET: the address and time stay out of URLs, browser history and access logs.
  @Post('attribution')
  @Roles(...PAGE_ROLES.attribution)
  async lookup(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(AttributionLookupForm, body);
    const echo = attributionEcho(body);
    if (!form.ok) {
      const page = attributionPage(echo, body?.protocol, form.errors);
      return this.views.send(req, res, 'attribution', page, 400);
    }
    const { ip, port, at, protocol } = form.value;
    const result = AttributionResultDto.from(
      await this.attribution.attribute({
        ip,
        port: port ?? null,
        at: new Date(at),
        protocol: protocol ?? null,
      }),
    );
    await this.views.send(
      req,
      res,
      'attribution',
      attributionPage(echo, body?.protocol, {}, result),
    );
  }
}
