import {
  Controller,
  Get,
  Header,
  NotFoundException,
  Redirect,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CurrentPrincipal, Public, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalDashboardService } from '../portal-dashboard.service';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { dashboardPage } from '../presenters/dashboard.presenter';

// Read once: the stylesheet is the portal's only asset.
const STYLESHEET = readFileSync(join(__dirname, '..', 'assets', 'portal.css'), 'utf8');

@ApiExcludeController()
@Controller()
export class PortalRootController {
  @Public()
  @Get()
  @Redirect(PORTAL_BASE, 302)
  root(): void {}

  @Public()
  @Get(`${PORTAL_BASE}/assets/portal.css`)
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  stylesheet(): string {
    return STYLESHEET;
  }
}

@ApiExcludeController()
@Controller(PORTAL_BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalHomeController {
  constructor(
    private readonly dashboards: PortalDashboardService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  @Roles(...PAGE_ROLES.dashboard)
  async dashboard(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const sections = await this.dashboards.forPrincipal(principal);
    await this.views.send(req, res, 'dashboard', dashboardPage(principal.role, sections));
  }
}

// Registered last: any other /portal address is an HTML 404 page (after sign-in), not JSON.
@ApiExcludeController()
@Controller(PORTAL_BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalNotFoundController {
  @Get('*path')
  @Roles(...PAGE_ROLES.dashboard)
  notFound(): never {
    throw new NotFoundException();
  }
}
