import { OffsetParam } from '../../../common/http/pagination';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Accreditation, OrganisationKind } from '../entities/organisation-kinds';
import type { Organisation } from '../entities/organisation.entity';

export class CreateOrganisationDto {
  /** Legal name of the rights holder or vendor */
  @IsString()
  @Length(2, 200)
  name!: string;

  @IsEnum(OrganisationKind)
  kind!: OrganisationKind;

  /** Accreditation status; new senders start as pending */
  @IsOptional()
  @IsEnum(Accreditation)
  accreditation?: Accreditation;

  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  postalAddress?: string;

  /** Addresses its e-mailed notices come from */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEmail({}, { each: true })
  senderAddresses?: string[];

  /** Rights owners it sends notices for (IN-4) */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  owners?: string[];
}

export class SetAccreditationDto {
  @IsEnum(Accreditation)
  accreditation!: Accreditation;

  /** Why, recorded with the change */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PageQueryDto {
  @OffsetParam()
  offset?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class OrganisationResponseDto {
  id!: string;
  name!: string;
  kind!: OrganisationKind;
  accreditation!: Accreditation;
  accreditationNote!: string | null;
  contactEmail!: string | null;
  senderAddresses!: string[];
  owners!: string[];
  createdAt!: string;

  static from(o: Organisation): OrganisationResponseDto {
    return {
      id: o.id,
      name: o.name,
      kind: o.kind,
      accreditation: o.accreditation,
      accreditationNote: o.accreditationNote,
      contactEmail: o.contactEmail,
      senderAddresses: o.senderAddresses,
      owners: (o.owners ?? []).map((w) => w.ownerName).sort(),
      createdAt: o.createdAt.toISOString(),
    };
  }
}

export class OrganisationPageDto {
  items!: OrganisationResponseDto[];
  total!: number;
  offset!: number;
  limit!: number;
}
