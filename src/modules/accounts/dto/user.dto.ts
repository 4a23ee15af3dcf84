import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PERSON_ROLES, Role } from '../../../common/roles';
import type { User } from '../entities/user.entity';

export class CreateUserDto {
  @IsEmail()
  email!: string;

  @IsString()
  @Length(1, 200)
  displayName!: string;

  /** A person's role (`resolver` is for machines' API keys only) */
  @IsIn(PERSON_ROLES)
  role!: Role;

  /** Required for complainants, empty for ISP staff */
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  /** At least 12 characters; omit to create a user who cannot sign in yet */
  @IsOptional()
  @IsString()
  @Length(12, 200)
  password?: string;
}

export class DisableUserDto {
  /** Why; kept in the audit log */
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class UserResponseDto {
  id!: string;
  email!: string;
  displayName!: string;
  role!: Role;
  organisationId!: string | null;
  disabled!: boolean;
  /** False for a legal account awaiting a second legal person */
  confirmed!: boolean;
  createdAt!: string;

  static from(u: User): UserResponseDto {
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      organisationId: u.organisationId,
      disabled: u.disabledAt !== null,
      confirmed: u.confirmedAt !== null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

export class UserPageDto {
  items!: UserResponseDto[];
  total!: number;
  offset!: number;
  limit!: number;
}
