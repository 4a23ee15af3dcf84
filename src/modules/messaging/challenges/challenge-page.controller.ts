import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Header,
  Param,
  Post,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppError, STATUS_BY_KIND } from '../../../common/errors/app-error';
import { Public } from '../../auth/auth.decorators';
import { RateLimited, RateLimitedError } from '../../rate-limits/rate-limit.guard';
import { ChallengeService } from './challenge.service';
import { challengeErrorPage, challengeFormPage, challengeReceivedPage } from './challenge-page';

// Too many requests for one link or from one address (issue 16): the subscriber gets a page,
// like every other answer here, with the Retry-After header the guard set.
@Catch(RateLimitedError)
class ChallengeRateLimitFilter implements ExceptionFilter {
  catch(e: RateLimitedError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(STATUS_BY_KIND[e.kind])
      .type('html')
      .send(
        challengeErrorPage(
          `This page was asked for too often. Please try again in ${e.retryAfterSeconds} seconds.`,
        ),
      );
  }
}

// The subscriber's page behind the signed link (SN-6): plain HTML form, no JavaScript.
@ApiExcludeController()
@Public()
@RateLimited('challenge')
@UseFilters(ChallengeRateLimitFilter)
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
