import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { actorFromPrincipal } from '../identity/audit.types';
import { ChallengeService } from './challenges/challenge.service';
import {
  ChallengeDecisionDto,
  ChallengeDecisionResponseDto,
  ChallengeDto,
  DeadMessageDto,
  RetryResponseDto,
  ProposalDecisionDto,
  ProposalDto,
  StatusFilterDto,
  TemplatePreviewDto,
  TemplatePreviewQueryDto,
} from './dto/messaging.dto';
import { MessagingDeskService } from './messaging-desk.service';
import { TemplatePreviewService } from './template-preview.service';

// Abuse-desk routes of subscriber messaging. Nothing here returns identity.
@ApiTags('messaging')
@ApiBearerAuth()
@Controller('api/v1')
@Roles(Role.AbuseDesk, Role.Admin)
export class MessagingController {
  constructor(
    private readonly desk: MessagingDeskService,
    private readonly challenges: ChallengeService,
    private readonly previews: TemplatePreviewService,
  ) {}

  /** Messages that could not be delivered (dead letters) */
  @Get('messages/dead')
  async dead(): Promise<DeadMessageDto[]> {
    return (await this.desk.listDead()).map((r) => DeadMessageDto.from(r));
  }

  /** Send a dead message again */
  @Post('messages/:id/retry')
  @HttpCode(202)
  async retry(@Param('id', ParseUUIDPipe) id: string): Promise<RetryResponseDto> {
    const r = await this.desk.retry(id);
    return {
      id,
      status: 'requeued',
      possibleDuplicate: r.possibleDuplicate,
      note: r.possibleDuplicate
        ? 'the earlier send was handed to SMTP and its outcome is unknown: check the mail log ' +
          'for its Message-ID; this copy is marked a possible duplicate'
        : null,
    };
  }

  /** Subscriber challenges (SN-6) */
  @Get('challenges')
  async listChallenges(@Query() q: StatusFilterDto): Promise<ChallengeDto[]> {
    return (await this.challenges.list(q.status ?? null)).map((r) => ChallengeDto.from(r));
  }

  /** Uphold (withdraws the strikes, counts against the sender) or reject a challenge */
  @Post('challenges/:id/decision')
  @HttpCode(200)
  async decideChallenge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChallengeDecisionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<ChallengeDecisionResponseDto> {
    return this.challenges.decide(id, body.decision, body.note, actorFromPrincipal(p));
  }

  /** Suspension/termination proposals waiting for a person (ER-5) */
  @Get('escalation-proposals')
  @Roles(Role.AbuseDesk, Role.Legal, Role.Admin)
  async proposals(@Query() q: StatusFilterDto): Promise<ProposalDto[]> {
    return (await this.desk.listProposals(q.status ?? null)).map((r) => ProposalDto.from(r));
  }

  /** Record a person's decision on a proposal, with reasons; nothing is done automatically */
  @Post('escalation-proposals/:id/decision')
  @Roles(Role.Legal, Role.Admin)
  @HttpCode(204)
  async decideProposal(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ProposalDecisionDto,
    @CurrentPrincipal() p: Principal,
  ): Promise<void> {
    await this.desk.decideProposal(id, body.decision, body.reasons, actorFromPrincipal(p));
  }

  /** Render a template with sample data */
  @Get('templates/preview')
  preview(@Query() q: TemplatePreviewQueryDto): TemplatePreviewDto {
    return TemplatePreviewDto.from(this.previews.preview(q));
  }
}
