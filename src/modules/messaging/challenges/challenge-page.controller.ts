import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  Header,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, STATUS_BY_KIND } from '../../../common/errors/app-error';
import { Language, languageOf } from '../../../common/i18n/translator';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { Public } from '../../auth/auth.decorators';
import { RateLimited, RateLimitedError } from '../../rate-limits/rate-limit.guard';
import { MessagingErrorCode } from '../messaging.errors';
import { ChallengeService } from './challenge.service';
import { CHALLENGE_VIEWS_DIR, ChallengePages, pageLanguage } from './challenge-page';

const STYLESHEET = readFileSync(join(CHALLENGE_VIEWS_DIR, 'subscriber.css'), 'utf8');

// Too many requests for one link or from one address (issue 16): the subscriber gets a page in
// the provider's look, in the language asked for, with the Retry-After header the guard set.
@Catch(RateLimitedError)
class ChallengeRateLimitFilter implements ExceptionFilter {
  private readonly pages: ChallengePages;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pages = new ChallengePages(config.messaging.ispName);
  }

  catch(e: RateLimitedError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const lang = req.query?.lang;
    const l: Language =
      lang === 'en' || lang === 'fr' ? lang : languageOf(req.headers['accept-language']);
    res.setHeader('Cache-Control', 'no-store');
    res
      .status(STATUS_BY_KIND[e.kind])
      .type('html')
      .send(this.pages.error(l, 'rate_limited', e.retryAfterSeconds));
  }
}

// The subscriber's page behind the signed link (SN-6): the provider's look, the subscriber's
// language (switchable), plain HTML forms, no JavaScript. One challenge per warning; every
// later visit shows that challenge's status.
@ApiExcludeController()
@Public()
@Controller('challenge')
export class ChallengePageController {
  private readonly pages: ChallengePages;

  constructor(
    private readonly challenges: ChallengeService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pages = new ChallengePages(config.messaging.ispName);
  }

  @Get('assets/subscriber.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  stylesheet(): string {
    return STYLESHEET;
  }

  @Get(':token')
  @RateLimited('challenge')
  @UseFilters(ChallengeRateLimitFilter)
  @Header('Cache-Control', 'no-store')
  async form(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.html(req, res, lang, async () => {
      const t = await this.challenges.open(token);
      const l = pageLanguage(lang, t);
      if (t.challenge) return this.pages.status(l, t, false);
      return this.pages.form(l, t, { action: this.action(token, l) });
    });
  }

  @Post(':token')
  @RateLimited('challenge')
  @UseFilters(ChallengeRateLimitFilter)
  @Header('Cache-Control', 'no-store')
  async submit(
    @Param('token') token: string,
    @Query('lang') lang: unknown,
    // A plain form body: validated by the service so errors re-render the form.
    @Body() form: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.html(req, res, lang, async () => {
      const r = await this.challenges.submit(token, form ?? {});
      const l = pageLanguage(lang, r.target);
      if (r.kind === 'received') {
        res.status(200);
        return this.pages.status(l, r.target, true);
      }
      if (r.kind === 'already') {
        res.status(409);
        return this.pages.status(l, r.target, false);
      }
      res.status(400);
      return this.pages.form(l, r.target, {
        action: this.action(token, l),
        problems: r.problems,
        values: form,
      });
    });
  }

  private action(token: string, lang: Language): string {
    return `/challenge/${encodeURIComponent(token)}?lang=${lang}`;
  }

  private async html(
    req: Request,
    res: Response,
    lang: unknown,
    fn: () => Promise<string>,
  ): Promise<void> {
    res.type('html');
    try {
      res.send(await fn());
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      // No warning to read the language from: the switch, else the browser's language.
      const l: Language =
        lang === 'en' || lang === 'fr' ? lang : languageOf(req.headers['accept-language']);
      const expired = e.code === MessagingErrorCode.ChallengeLinkExpired;
      res.status(STATUS_BY_KIND[e.kind]).send(this.pages.error(l, expired ? 'expired' : 'invalid'));
    }
  }
}
