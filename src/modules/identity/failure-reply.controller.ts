import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Role } from '../../common/roles';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { actorFromPrincipal } from './audit.types';
import { FailureReplyDto, FailureReplyQueryDto } from './dto/failure-reply.dto';
import { FailureReplyStore } from './failure-reply.store';
import { IdentityError, IdentityErrorCode } from './identity.errors';

// Legal staff read a failed send's raw SMTP replies (issue #16); the desk sees a category only.
// A POST: the read writes an audit entry with its purpose.
@ApiTags('legal')
@ApiBearerAuth()
@Controller('api/v1/legal/messages')
@Roles(Role.Legal)
export class FailureReplyController {
  constructor(private readonly replies: FailureReplyStore) {}

  /** The mail server's replies to a failed message, verbatim; every read is audited */
  @Post(':id/smtp-replies')
  @HttpCode(200)
  async read(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: FailureReplyQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FailureReplyDto[]> {
    const found = await this.replies.read(actorFromPrincipal(p), id, dto.purpose);
    if (!found) {
      throw new IdentityError(IdentityErrorCode.MessageNotFound, 'not_found', 'No such message');
    }
    res.setHeader('Cache-Control', 'no-store');
    return found.map((r) => FailureReplyDto.from(r));
  }
}
