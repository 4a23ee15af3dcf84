import {
  Body,
  Controller,
  Get,
  NotFoundException,
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
import { Role } from '../../../common/roles';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { ChallengeService } from '../../messaging/challenges/challenge.service';
import { MessagingDeskService } from '../../messaging/messaging-desk.service';
import { CaseSearchService } from '../../search/case-search.service';
import { ChallengeDecisionForm, ProposalDecisionForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { offsetOf, PAGE_SIZE, pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FormPageState, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  challengePage,
  CHALLENGES,
  challengesPage,
  ESCALATIONS,
  escalationPage,
  escalationsPage,
} from '../presenters/challenges.presenter';

const WORK_DONE: Record<string, string> = {
  assigned: 'The challenge is assigned to you. It is in your "Assigned to me" queue.',
  unassigned: 'The challenge is no longer assigned to anyone.',
  noted: 'Your note was added.',
};

const text = (v: unknown) => (typeof v === 'string' ? v : '');

// The abuse desk decides subscriber challenges (SN-6) and reads escalation proposals; legal
// or an admin decides a proposal (ER-5). Every write goes through the messaging services.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalChallengesController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly desk: MessagingDeskService,
    private readonly work: CaseSearchService,
    private readonly views: PortalViewService,
  ) {}

  @Get('challenges')
  @Roles(...PAGE_ROLES.challenges)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('assigned') rawAssigned?: string,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const assigned = rawAssigned === 'me' || rawAssigned === 'none' ? rawAssigned : null;
    const queue =
      assigned === 'none'
        ? 'none'
        : assigned === 'me'
          ? { userId: principal.userId ?? '00000000-0000-0000-0000-000000000000' }
          : null;
    const { total, rows } = await this.challenges.page(offsetOf(page), PAGE_SIZE, queue);
    const ctx = challengesPage(rows, total, page, assigned, principal.userId);
    await this.views.send(req, res, 'desk-challenges', ctx);
  }

  @Get('challenges/:id')
  @Roles(...PAGE_ROLES.challenges)
  async show(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('withdrawn') withdrawn?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const notice = /^\d{1,6}$/.test(withdrawn ?? '')
      ? `Decision recorded. ${withdrawn} strike(s) withdrawn.`
      : done
        ? WORK_DONE[done]
        : undefined;
    await this.challengePage(req, res, principal, id, { notice });
  }

  // Assignment and internal notes, as on a notice's timeline (issue #19).
  @Post('challenges/:id/assign')
  @Roles(...PAGE_ROLES.challenges)
  async assign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const toMe = body.to === 'me';
    if (!(await this.work.assign('challenge', id, toMe ? (principal.userId ?? null) : null))) {
      throw new NotFoundException();
    }
    res.redirect(303, `${CHALLENGES}/${id}?done=${toMe ? 'assigned' : 'unassigned'}`);
  }

  @Post('challenges/:id/notes')
  @Roles(...PAGE_ROLES.challenges)
  async note(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.challenges.get(id);
    const note = typeof body.internalNote === 'string' ? body.internalNote.trim() : '';
    const errors: Record<string, string> = {};
    if (note === '') errors.internalNote = 'Write the note before adding it';
    else if (note.length > 4000) errors.internalNote = 'Write at most 4,000 characters';
    if (Object.keys(errors).length > 0 || !principal.userId) {
      return this.challengePage(req, res, principal, id, {
        errors,
        form: { decision: '', note: '', internalNote: note },
        status: 400,
      });
    }
    await this.work.addNote('challenge', id, principal.userId, note);
    res.redirect(303, `${CHALLENGES}/${id}?done=noted`);
  }

  @Post('challenges/:id/decision')
  @Roles(...PAGE_ROLES.challenges)
  async decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(ChallengeDecisionForm, body);
    if (!form.ok) {
      return this.challengePage(req, res, principal, id, {
        errors: form.errors,
        form: { decision: text(body?.decision), note: text(body?.note), internalNote: '' },
        status: 400,
      });
    }
    const { decision, note } = form.value;
    // An upheld challenge withdraws the message's strikes inside ChallengeService.decide.
    const r = await this.challenges.decide(
      id,
      decision,
      note.trim(),
      actorFromPrincipal(principal),
    );
    res.redirect(303, `${CHALLENGES}/${id}?withdrawn=${r.withdrawnStrikes}`);
  }

  @Get('escalations')
  @Roles(...PAGE_ROLES.escalations)
  async escalations(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const { total, rows } = await this.desk.proposalPage(offsetOf(page), PAGE_SIZE);
    const ctx = escalationsPage(rows, total, page, canDecide(principal));
    await this.views.send(req, res, 'desk-escalations', ctx);
  }

  @Get('escalations/:id')
  @Roles(...PAGE_ROLES.escalations)
  async escalation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('decided') decided?: string,
  ): Promise<void> {
    await this.escalationPage(req, res, principal, id, {
      notice: decided === '1' ? 'Decision recorded.' : undefined,
    });
  }

  @Post('escalations/:id/decision')
  @Roles(...PAGE_ROLES.escalationDecision)
  async decideEscalation(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(ProposalDecisionForm, body);
    if (!form.ok) {
      return this.escalationPage(req, res, principal, id, {
        errors: form.errors,
        form: { decision: text(body?.decision), reasons: text(body?.reasons) },
        status: 400,
      });
    }
    const { decision, reasons } = form.value;
    await this.desk.decideProposal(id, decision, reasons.trim(), actorFromPrincipal(principal));
    res.redirect(303, `${ESCALATIONS}/${id}?decided=1`);
  }

  private async challengePage(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    extra: FormPageState,
  ): Promise<void> {
    const [found, work] = await Promise.all([
      this.challenges.get(id),
      this.work.workOn('challenge', id),
    ]);
    const ctx = challengePage(found, work, principal.userId, extra);
    await this.views.send(req, res, 'desk-challenge', ctx, extra.status);
  }

  private async escalationPage(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    extra: FormPageState,
  ): Promise<void> {
    const proposal = await this.desk.getProposal(id);
    const ctx = escalationPage(proposal, canDecide(principal), extra);
    await this.views.send(req, res, 'desk-escalation', ctx, extra.status);
  }
}

const canDecide = (p: Principal) =>
  (PAGE_ROLES.escalationDecision as readonly Role[]).includes(p.role);
