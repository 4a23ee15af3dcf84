import {
  Body,
  Controller,
  Get,
  Inject,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { CurrentPrincipal, Public } from '../../auth/auth.decorators';
import { AuthError } from '../../auth/auth.errors';
import { Authenticator, SESSION_COOKIE } from '../../auth/authenticator.service';
import { Principal } from '../../auth/principal';
import { SessionService } from '../../auth/session.service';
import { RateLimited } from '../../rate-limits/rate-limit.guard';
import { ForgotPasswordForm, SignInForm } from '../dto/portal-forms.dto';
import { ForgottenPasswordService } from '../forgotten-password.service';
import { PORTAL_BASE, safeNextPath, SIGN_IN_PATH } from '../navigation';
import { isHttpsPublicUrl } from '../portal-csrf.service';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { forgotPasswordPage, signInNotice, signInPage } from '../presenters/auth.presenter';

@ApiExcludeController()
@Controller(PORTAL_BASE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalAuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly authenticator: Authenticator,
    private readonly views: PortalViewService,
    private readonly forgotten: ForgottenPasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('sign-in')
  async signInPage(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
    @Query('passwordSet') passwordSet?: string,
  ): Promise<void> {
    // Already signed in: straight to the portal.
    const signedIn = await this.authenticator.authenticate(req).catch(() => null);
    if (signedIn?.kind === 'user') return res.redirect(303, safeNextPath(next));
    const notice = signInNotice(signedOut, passwordSet);
    await this.views.send(req, res, 'sign-in', signInPage('', safeNextPath(next), {}, notice));
  }

  @Public()
  @RateLimited('login')
  @Post('sign-in')
  async signIn(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(SignInForm, body);
    const next = safeNextPath(body?.next);
    const email = typeof body?.email === 'string' ? body.email : '';
    const again = (status: number, errors: Record<string, string>, notice?: string) =>
      this.views.send(req, res, 'sign-in', signInPage(email, next, errors, notice), status);
    if (!form.ok) return again(400, form.errors);
    try {
      const result = await this.sessions.login(form.value.email, form.value.password);
      res.cookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: isHttpsPublicUrl(this.config),
        expires: result.expiresAt,
        path: '/',
      });
      res.redirect(303, next);
    } catch (e) {
      if (!(e instanceof AuthError)) throw e;
      return again(401, {}, 'The e-mail address or password is not right.');
    }
  }

  // "Forgot your password?": the same page whatever the address (ForgottenPasswordService).
  @Public()
  @Get('forgot-password')
  async forgotPasswordPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.views.send(req, res, 'forgot-password', forgotPasswordPage('', {}, false));
  }

  @Public()
  @RateLimited('password_reset')
  @Post('forgot-password')
  async forgotPassword(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(ForgotPasswordForm, body);
    if (!form.ok) {
      const email = typeof body?.email === 'string' ? body.email : '';
      const page = forgotPasswordPage(email, form.errors, false);
      return this.views.send(req, res, 'forgot-password', page, 400);
    }
    this.forgotten.request(form.value.email);
    await this.views.send(req, res, 'forgot-password', forgotPasswordPage('', {}, true));
  }

  @Post('sign-out')
  async signOut(@CurrentPrincipal() principal: Principal, @Res() res: Response): Promise<void> {
    await this.sessions.logout(principal);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, `${SIGN_IN_PATH}?signedOut=1`);
  }
}
