import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { CurrentPrincipal, Public } from './auth.decorators';
import { SESSION_COOKIE } from './authenticator.service';
import { LoginDto, LoginResponseDto, PrincipalResponseDto } from './dto/auth.dto';
import { RateLimited } from '../rate-limits/rate-limit.guard';
import { Principal } from './principal';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sign in with e-mail and password; answers a session token and sets it as a cookie */
  @Public()
  @RateLimited('login')
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const result = await this.sessions.login(dto.email, dto.password);
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.env === 'production',
      expires: result.expiresAt,
      path: '/',
    });
    return {
      token: result.token,
      expiresAt: result.expiresAt.toISOString(),
      principal: PrincipalResponseDto.from(result.principal),
    };
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.sessions.logout(principal);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Who the credentials belong to */
  @ApiBearerAuth()
  @Get('me')
  me(@CurrentPrincipal() principal: Principal): PrincipalResponseDto {
    return PrincipalResponseDto.from(principal);
  }
}
