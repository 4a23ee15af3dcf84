import {
  Controller,
  Get,
  NotFoundException,
  Param,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { SubscriberHistoryService } from '../../search/subscriber-history.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { subscriberPage } from '../presenters/subscriber.presenter';

// Pseudonymous references look like SUB-…; anything else is not looked up at all.
const SUBSCRIBER_REF = /^SUB-[A-Za-z0-9-]{1,60}$/;

// One subscriber's history over time by pseudonymous reference (issue #19): notices, strikes,
// messages, challenges and escalations. No name, e-mail, address, account number or id: the
// repository never reads them, and identity stays behind legal's audited path.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk/subscribers`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.subscriberHistory)
export class PortalSubscribersController {
  constructor(
    private readonly history: SubscriberHistoryService,
    private readonly views: PortalViewService,
  ) {}

  @Get(':reference')
  async show(
    @Param('reference') reference: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!SUBSCRIBER_REF.test(reference)) throw new NotFoundException();
    const found = await this.history.history(reference);
    if (!found) throw new NotFoundException();
    await this.views.send(req, res, 'desk-subscriber', subscriberPage(found));
  }
}
