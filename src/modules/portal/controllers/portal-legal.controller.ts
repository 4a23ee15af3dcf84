import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { AuditRepository } from '../../identity/audit.repository';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const PAGE = `${PORTAL_BASE}/legal/audit`;

@ApiExcludeController()
@Controller(`${PORTAL_BASE}/legal`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalLegalController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly views: PortalViewService,
  ) {}

  // The append-only audit log, newest first, with the result of walking its hash chain (RA-7).
  @Get('audit')
  @Roles(...PAGE_ROLES.audit)
  async auditLog(
    @Req() req: Request,
    @Res() res: Response,
    @Query('before') before?: string,
  ): Promise<void> {
    const beforeSeq = before && /^\d{1,18}$/.test(before) ? before : undefined;
    const entries = await this.audit.list({ limit: PAGE_SIZE, beforeSeq });
    const verification = await this.audit.verify();
    const last = entries[entries.length - 1];
    await this.views.send(req, res, 'audit', {
      title: 'Audit log',
      verification,
      entries,
      olderHref: entries.length === PAGE_SIZE && last ? `${PAGE}?before=${last.seq}` : null,
      newestHref: beforeSeq ? PAGE : null,
    });
  }
}
