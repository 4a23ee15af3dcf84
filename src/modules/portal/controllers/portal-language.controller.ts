import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isLanguage } from '../../../common/i18n/translator';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { Public } from '../../auth/auth.decorators';
import {
  LANGUAGE_COOKIE,
  LANGUAGE_COOKIE_MAX_AGE_MS,
  languageReturnPath,
} from '../i18n/portal-language';
import { PORTAL_BASE } from '../navigation';
import { isHttpsPublicUrl } from '../portal-csrf.service';

// The language switch in every page's header: remembers the choice in a cookie (signed in or
// not, so the sign-in page switches too) and goes back to the page it was used on.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/language`)
export class PortalLanguageController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get(':lang')
  choose(@Param('lang') lang: string, @Res() res: Response, @Query('next') next?: string): void {
    const back = languageReturnPath(next);
    if (isLanguage(lang)) {
      res.cookie(LANGUAGE_COOKIE, lang, {
        path: PORTAL_BASE,
        maxAge: LANGUAGE_COOKIE_MAX_AGE_MS,
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttpsPublicUrl(this.config),
      });
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, back);
  }
}
