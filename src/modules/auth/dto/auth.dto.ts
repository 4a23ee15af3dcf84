import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { Scope } from '../scopes';
import { Role } from '../../../common/roles';
import type { ApiKey } from '../entities/api-key.entity';
import type { Principal } from '../principal';

export class LoginDto {
  @IsEmail()
  email!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}

export class PrincipalResponseDto {
  kind!: 'user' | 'api_key';
  role!: Role;
  organisationId!: string | null;
  userId!: string | null;
  apiKeyId!: string | null;

  static from(p: Principal): PrincipalResponseDto {
    return {
      kind: p.kind,
      role: p.role,
      organisationId: p.organisationId,
      userId: p.userId,
      apiKeyId: p.apiKeyId,
    };
  }
}

export class LoginResponseDto {
  /** Session token; also set as the httpOnly nr_session cookie */
  token!: string;
  expiresAt!: string;
  principal!: PrincipalResponseDto;
}

export class CreateApiKeyDto {
  /** A label to tell keys apart, e.g. "notice robot" */
  @IsString()
  @Length(1, 100)
  name!: string;

  /** Admin only: the role of the key (default complainant) */
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  /** Admin only: the organisation a complainant key acts for */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** What the key may do: notices:submit, notices:read, disclosure (complainant keys). Default
   * for a complainant key: notices:submit and notices:read */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsEnum(Scope, { each: true })
  scopes?: Scope[];
}

export class ApiKeyResponseDto {
  id!: string;
  name!: string;
  /** Public part of the key, to recognise it in lists */
  prefix!: string;
  role!: Role;
  organisationId!: string | null;
  scopes!: string[];
  createdAt!: string;
  lastUsedAt!: string | null;
  revokedAt!: string | null;

  static from(k: ApiKey): ApiKeyResponseDto {
    return {
      id: k.id,
      name: k.name,
      prefix: `nrk_${k.prefix}`,
      role: k.role,
      organisationId: k.organisationId,
      scopes: k.scopes,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    };
  }
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** The whole key. It is shown this once and cannot be recovered */
  @MaxLength(100)
  key!: string;
}
