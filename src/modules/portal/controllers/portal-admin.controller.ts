import {
  Body,
  Controller,
  Get,
  Inject,
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
import { AppError } from '../../../common/errors/app-error';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { AccountAdministration } from '../../accounts/account-administration.service';
import { AccountsService } from '../../accounts/accounts.service';
import { UserResponseDto } from '../../accounts/dto/user.dto';
import { PERSON_ROLES, Role } from '../../../common/roles';
import { PasswordResetService } from '../../accounts/password-reset.service';
import { CurrentPrincipal, Public, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { QUEUE_BOARD_ROUTE } from '../../admin/queue-board.module';
import { PAGE_ROLES, passwordLinkUrl, PORTAL_BASE } from '../navigation';
import { offsetOf, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { passwordSetPage } from '../presenters/auth.presenter';
import { USERS, UserForm, userPage, UserPageState, usersPage } from '../presenters/users.presenter';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ORG_CHOICES = 500;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

// Administration in the portal (issue #19): people (create, deactivate, one-time password
// links) and the link to the queue board (organisations: PortalAdminOrganisationsController). Every change
// goes through the accounts services, which keep separation of duties and the audit chain.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalAdminController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly administration: AccountAdministration,
    private readonly resets: PasswordResetService,
    private readonly views: PortalViewService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- People

  @Get('admin/users')
  @Roles(...PAGE_ROLES.users)
  async users(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    await this.usersPage(req, res, pageNumber(rawPage), {}, {});
  }

  // A new person gets no password from the admin: a one-time link to set their own.
  @Post('admin/users')
  @Roles(...PAGE_ROLES.users)
  async createUser(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = {
      displayName: text(body.displayName),
      email: text(body.email),
      role: text(body.role),
      organisationId: text(body.organisationId),
    };
    const errors: FieldErrors = {};
    if (form.displayName === '' || form.displayName.length > 200) {
      errors.displayName = 'Enter the person’s name (at most 200 characters)';
    }
    if (!EMAIL.test(form.email) || form.email.length > 320) {
      errors.email = 'Enter an e-mail address like name@example.org';
    }
    // Any person's role passes here: refusing legal to an admin is the accounts service's rule
    // (AccountAdministration), and its refusal is shown beside the field.
    const role = PERSON_ROLES.find((r) => String(r) === form.role);
    if (!role) errors.role = 'Choose a role from the list';
    if (role === Role.Complainant && form.organisationId === '') {
      errors.organisationId = 'Choose the organisation a complainant belongs to';
    }
    if (role && Object.keys(errors).length === 0) {
      try {
        // The service refuses the legal role to an admin whatever the form sent.
        const user = await this.administration.createUser(actorFromPrincipal(principal), {
          email: form.email,
          displayName: form.displayName,
          role,
          organisationId: role === Role.Complainant ? form.organisationId : null,
          password: null,
        });
        const link = await this.resets.issue(actorFromPrincipal(principal), user.id);
        return this.userPage(req, res, principal, user.id, {
          link: {
            url: passwordLinkUrl(this.config.http.publicUrl, link.token),
            expiresAt: link.expiresAt,
          },
          notice: `${user.displayName} can sign in once they set a password with the link below.`,
          status: 201,
        });
      } catch (e) {
        if (!(e instanceof AppError) || e.kind === 'unavailable') throw e;
        const field = e.fields[0]?.field ?? (e.kind === 'forbidden' ? 'role' : 'email');
        errors[field in form ? field : 'email'] = e.message;
      }
    }
    await this.usersPage(req, res, 1, errors, form, 400);
  }

  @Get('admin/users/:id')
  @Roles(...PAGE_ROLES.users)
  async user(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.userPage(req, res, principal, id, {
      notice:
        done === 'disabled'
          ? 'The account was deactivated: its sessions and keys ended.'
          : undefined,
    });
  }

  @Post('admin/users/:id/disable')
  @Roles(...PAGE_ROLES.users)
  async disable(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const reason = text(body.reason);
    if (reason.length < 3 || reason.length > 500) {
      return this.userPage(req, res, principal, id, {
        errors: { reason: 'Say why, in 3 to 500 characters (kept in the audit log)' },
        status: 400,
      });
    }
    await this.administration.disable(actorFromPrincipal(principal), id, reason);
    res.redirect(303, `${USERS}/${id}?done=disabled`);
  }

  @Post('admin/users/:id/password-link')
  @Roles(...PAGE_ROLES.users)
  async passwordLink(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    try {
      const link = await this.resets.issue(actorFromPrincipal(principal), id);
      await this.userPage(req, res, principal, id, {
        link: {
          url: passwordLinkUrl(this.config.http.publicUrl, link.token),
          expiresAt: link.expiresAt,
        },
      });
    } catch (e) {
      if (!(e instanceof AppError) || e.kind !== 'forbidden') throw e;
      await this.userPage(req, res, principal, id, { notice: e.message, status: 403 });
    }
  }

  // ---- The queue board: the sign-in page comes back here, then on to Bull Board.

  @Get('admin/queues')
  @Roles(...PAGE_ROLES.queueBoard)
  queues(@Res() res: Response): void {
    res.redirect(303, QUEUE_BOARD_ROUTE);
  }

  // ---- Setting a password with a one-time link: no session, the token is the credential.

  @Public()
  @Get('password/:token')
  async passwordForm(
    @Param('token') token: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ok = /^[A-Za-z0-9_-]{20,100}$/.test(token) && (await this.resets.usable(token));
    await this.views.send(req, res, 'password-set', passwordSetPage(token, ok, {}), ok ? 200 : 410);
  }

  @Public()
  @Post('password/:token')
  async passwordSet(
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const password = typeof body.password === 'string' ? body.password : '';
    const again = typeof body.again === 'string' ? body.again : '';
    const errors: FieldErrors = {};
    if (password.length < 12) errors.password = 'Choose a password of at least 12 characters';
    else if (password !== again) errors.again = 'Type the same password twice';
    if (Object.keys(errors).length === 0) {
      try {
        await this.resets.redeem(token, password);
        return res.redirect(303, `${PORTAL_BASE}/sign-in?passwordSet=1`);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        return this.views.send(req, res, 'password-set', passwordSetPage(token, false, {}), 410);
      }
    }
    await this.views.send(req, res, 'password-set', passwordSetPage(token, true, errors), 400);
  }

  // ---- Pages

  private async usersPage(
    req: Request,
    res: Response,
    page: number,
    errors: FieldErrors,
    form: UserForm,
    status = 200,
  ): Promise<void> {
    const [[users, total], [orgs]] = await Promise.all([
      this.accounts.listUsers(offsetOf(page), PAGE_SIZE),
      this.accounts.listOrganisations(0, ORG_CHOICES),
    ]);
    const ctx = usersPage(users, total, page, orgs, form, errors);
    await this.views.send(req, res, 'users', ctx, status);
  }

  private async userPage(
    req: Request,
    res: Response,
    principal: Principal,
    id: string,
    extra: UserPageState,
  ): Promise<void> {
    const user = UserResponseDto.from(await this.accounts.getUser(id));
    await this.views.send(
      req,
      res,
      'user',
      userPage(user, principal.userId, extra),
      extra.status ?? 200,
    );
  }
}
