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
import { AccountsService } from '../../accounts/accounts.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { hasFilters, ParsedCaseSearch, parseCaseSearch } from '../../search/case-search.query';
import { CaseSearchService } from '../../search/case-search.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { searchPage } from '../presenters/search.presenter';
import { searchHref, SEARCH_PATH } from '../search-view';

const SENDER_CHOICES = 500;

// The abuse desk's search over every notice's items (issue #19): filters, facet counts,
// sortable columns, page numbers, saved searches and a streamed CSV of the whole result.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk/search`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.deskSearch)
export class PortalSearchController {
  constructor(
    private readonly search: CaseSearchService,
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async page(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.render(req, res, principal, parseCaseSearch(query, userOf(principal)), {
      notice: savedNotice(query),
    });
  }

  // The whole result as CSV, streamed from a database cursor: never held in memory.
  @Get('export.csv')
  async exportCsv(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const parsed = parseCaseSearch(query, userOf(principal));
    if (Object.keys(parsed.errors).length > 0 || !hasFilters(parsed.query.filters)) {
      // Back to the page, which shows what is wrong beside the fields.
      res.redirect(303, searchHref(parsed.echo));
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="notice-items-${day}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    await this.search.exportCsv(parsed.query, res);
  }

  @Post('saved')
  async save(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    const raw = typeof body.query === 'string' ? body.query : '';
    // The saved query is parsed again, so only the search's own parameters are kept.
    const parsed = parseCaseSearch(Object.fromEntries(new URLSearchParams(raw)), userOf(principal));
    const errors: FieldErrors = {};
    if (name === '') errors.name = 'Enter a name for this search';
    else if (name.length > 80) errors.name = 'Enter a name of at most 80 characters';
    if (Object.keys(errors).length > 0) {
      await this.render(req, res, principal, parsed, { errors, saveName: name, status: 400 });
      return;
    }
    const qs = searchHref(parsed.echo).slice(SEARCH_PATH.length + 1);
    await this.search.saveSearch(userOf(principal), name, qs);
    res.redirect(303, `${searchHref(parsed.echo, { saved: null })}${qs ? '&' : '?'}saved=1`);
  }

  @Post('saved/:id/delete')
  async remove(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const removed = await this.search.deleteSearch(userOf(principal), id);
    res.redirect(303, `${SEARCH_PATH}?saved=${removed ? 'deleted' : 'gone'}`);
  }

  private async render(
    req: Request,
    res: Response,
    principal: Principal,
    parsed: ParsedCaseSearch,
    extra: { errors?: FieldErrors; saveName?: string; status?: number; notice?: string },
  ): Promise<void> {
    const errors: FieldErrors = { ...parsed.errors, ...extra.errors };
    const { query } = parsed;
    const filtered = hasFilters(query.filters) || Object.keys(parsed.errors).length > 0;
    const runs = filtered && Object.keys(parsed.errors).length === 0;
    const [result, saved, [orgs]] = await Promise.all([
      runs ? this.search.search(query) : Promise.resolve(null),
      this.search.savedSearches(userOf(principal)),
      this.accounts.listOrganisations(0, SENDER_CHOICES),
    ]);
    const { saveName, notice } = extra;
    const page = searchPage({ parsed, errors, filtered, result, saved, orgs, saveName, notice });
    await this.views.send(
      req,
      res,
      'desk-search',
      page,
      extra.status ?? (Object.keys(errors).length > 0 ? 400 : 200),
    );
  }
}

function userOf(principal: Principal): string {
  // PortalGuard admits people only, so a portal principal always has a user id.
  return principal.userId ?? '';
}

function savedNotice(query: Record<string, unknown>): string | undefined {
  if (query.saved === '1') return 'The search was saved. It is listed under "Saved searches".';
  if (query.saved === 'deleted') return 'The saved search was deleted.';
  if (query.saved === 'gone') return 'That saved search no longer exists.';
  return undefined;
}
