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
import { LeaseImportResponseDto } from '../../leases/dto/lease-import.dto';
import { LeaseSourcesService } from '../../leases/lease-sources.service';
import { AttributionLookupForm, LOOKUP_PROTOCOLS } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { offsetOf, pageLinks, pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const IMPORTS_PAGE = `${PORTAL_BASE}/desk/lease-imports`;
// The repository returns the newest imports; the page shows them 25 at a time.
const IMPORTS_WINDOW = 500;

const OUTCOME_TEXT: Record<string, string> = {
  unique: 'One subscriber account held this address at that time.',
  ambiguous: 'Several accounts are candidates: no single subscriber can be named.',
  no_lease: 'No lease covers this address at that time.',
  needs_port: 'This address is in a shared CGNAT pool: a source port is needed to attribute it.',
  out_of_retention: 'The time is outside the lease log retention window.',
  not_our_address: 'The address is outside this ISP’s address space.',
};

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
    const links = pageLinks(IMPORTS_PAGE, pageNumber(rawPage), all.length);
    const offset = offsetOf(links.page);
    const rows = all.slice(offset, offset + 25).map((r) => ({
      ...LeaseImportResponseDto.from(r),
      fileName: r.fileName,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      problemCount: r.problems.length,
      firstProblems: r.problems.slice(0, 5),
    }));
    await this.views.send(req, res, 'lease-imports', {
      title: 'Lease imports',
      rows,
      pagination: links,
    });
  }

  @Get('attribution')
  @Roles(...PAGE_ROLES.attribution)
  async lookupForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.views.send(req, res, 'attribution', {
      title: 'Attribution lookup',
      form: {},
      protocols: protocolOptions(undefined),
      errors: {},
      summary: [],
    });
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
    const echo = {
      ip: typeof body?.ip === 'string' ? body.ip : '',
      port: typeof body?.port === 'string' ? body.port : '',
      at: typeof body?.at === 'string' ? body.at : '',
    };
    const protocols = protocolOptions(body?.protocol);
    if (!form.ok) {
      return this.views.send(
        req,
        res,
        'attribution',
        {
          title: 'Attribution lookup',
          form: echo,
          protocols,
          errors: form.errors,
          summary: errorSummary(form.errors),
        },
        400,
      );
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
    await this.views.send(req, res, 'attribution', {
      title: 'Attribution lookup',
      form: echo,
      protocols,
      errors: {},
      summary: [],
      result: { ...result, explanation: OUTCOME_TEXT[result.outcome] ?? result.outcome },
    });
  }
}

// The protocol select's options, the one sent (if any) selected again.
function protocolOptions(
  sent: unknown,
): Array<{ value: string; label: string; selected: boolean }> {
  return [
    { value: '', label: 'Not stated (blocks of every protocol)' },
    ...LOOKUP_PROTOCOLS.map((p) => ({ value: p, label: p.toUpperCase() })),
  ].map((o) => ({ ...o, selected: o.value === (typeof sent === 'string' ? sent : '') }));
}
