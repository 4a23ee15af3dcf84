import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import {
  DeskMessageCopy,
  LegalMessageCopy,
  SentCopyService,
} from '../../messaging/sent-copy.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { sentMessagePage } from '../presenters/sent-message.presenter';

// A message exactly as it was sent (issue #19). The desk reads the copy kept at sending with
// the subscriber's name, address and personal challenge link as placeholders; legal staff open
// it with the identity through IdentityService, which records the reading in the audit log,
// and the page says whether the result hashes to what the mail server accepted.
@ApiExcludeController()
@Controller(PORTAL_BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalSentMessagesController {
  constructor(
    private readonly copies: SentCopyService,
    private readonly views: PortalViewService,
  ) {}

  @Get('desk/messages/:id')
  @Roles(...PAGE_ROLES.sentMessage)
  async show(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.page(req, res, principal, await this.copies.deskCopy(id), null, {}, '');
  }

  // POST, as for the identity page: a reload, a prefetch or a shared link opens nothing.
  @Post('legal/messages/:id')
  @Roles(...PAGE_ROLES.identityView)
  async withIdentity(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const purpose = typeof body.purpose === 'string' ? body.purpose.trim() : '';
    if (purpose.length < 5 || purpose.length > 500) {
      const errors = { purpose: 'Say why you need the identity (5 to 500 characters)' };
      const copy = await this.copies.deskCopy(id);
      return this.page(req, res, principal, copy, null, errors, purpose, 400);
    }
    const copy = await this.copies.legalCopy(id, actorFromPrincipal(principal), purpose);
    await this.page(req, res, principal, copy, copy, {}, purpose);
  }

  private async page(
    req: Request,
    res: Response,
    principal: Principal,
    copy: DeskMessageCopy,
    legal: LegalMessageCopy | null,
    errors: FieldErrors,
    purpose: string,
    status = 200,
  ): Promise<void> {
    const page = sentMessagePage(copy, legal, principal.role, errors, purpose);
    await this.views.send(req, res, 'desk-message', page, status);
  }
}
