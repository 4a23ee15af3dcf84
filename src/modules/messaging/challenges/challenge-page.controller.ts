import { Body, Controller, Get, Header, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, STATUS_BY_KIND } from '../../../common/errors/app-error';
import { Public } from '../../auth/auth.decorators';
import { ChallengeService } from './challenge.service';
import { challengeErrorPage, challengeFormPage, challengeReceivedPage } from './challenge-page';

// The subscriber's page behind the signed link (SN-6): plain HTML form, no JavaScript.
@ApiExcludeController()
@Public()
@Controller('challenge')
export class ChallengePageController {
  constructor(private readonly challenges: ChallengeService) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  async form(@Param('token') token: string, @Res() res: Response): Promise<void> {
    await this.html(res, async () => {
      const t = await this.challenges.open(token);
      return challengeFormPage({ ...t, action: `/challenge/${encodeURIComponent(token)}` });
    });
  }

  @Post(':token')
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    // A plain form body: validated by the service so errors re-render the form.
    @Body() form: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    await this.html(res, async () => {
      const r = await this.challenges.submit(token, form ?? {});
      if ('id' in r) {
        res.status(200);
        return challengeReceivedPage();
      }
      const t = await this.challenges.open(token);
      res.status(400);
      return challengeFormPage({
        ...t,
        action: `/challenge/${encodeURIComponent(token)}`,
        problems: r.problems,
        values: form,
      });
    });
  }

  private async html(res: Response, fn: () => Promise<string>): Promise<void> {
    res.type('html');
    try {
      res.send(await fn());
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      res.status(STATUS_BY_KIND[e.kind]).send(challengeErrorPage(e.message));
    }
  }
}
