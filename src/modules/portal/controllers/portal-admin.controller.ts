import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountsService } from '../../accounts/accounts.service';
import { OrganisationResponseDto } from '../../accounts/dto/organisation.dto';
import { UserResponseDto } from '../../accounts/dto/user.dto';
import { Roles } from '../../auth/auth.decorators';
import { PAGE_ROLES, PORTAL_BASE, ROLE_LABELS } from '../navigation';
import { offsetOf, pageLinks, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

@ApiExcludeController()
@Controller(`${PORTAL_BASE}/admin`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalAdminController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
  ) {}

  @Get('organisations')
  @Roles(...PAGE_ROLES.organisations)
  async organisations(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const [rows, total] = await this.accounts.listOrganisations(offsetOf(page), PAGE_SIZE);
    await this.views.send(req, res, 'organisations', {
      title: 'Organisations',
      rows: rows.map((o) => OrganisationResponseDto.from(o)),
      pagination: pageLinks(`${PORTAL_BASE}/admin/organisations`, page, total),
    });
  }

  @Get('users')
  @Roles(...PAGE_ROLES.users)
  async users(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const [rows, total] = await this.accounts.listUsers(offsetOf(page), PAGE_SIZE);
    await this.views.send(req, res, 'users', {
      title: 'Users',
      rows: rows.map((u) => ({ ...UserResponseDto.from(u), roleLabel: ROLE_LABELS[u.role] })),
      pagination: pageLinks(`${PORTAL_BASE}/admin/users`, page, total),
    });
  }
}
