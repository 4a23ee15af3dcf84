import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import type { HoldRow, HoldSubject } from '../retention.repository';

export class PlaceHoldDto {
  @IsIn(['notice', 'account', 'request'])
  subjectType!: HoldSubject;

  /** Notice reference, subscriber reference, or request reference / id */
  @IsString()
  @Length(1, 100)
  subject!: string;

  @IsString()
  @Length(3, 2000)
  reason!: string;
}

export class HoldListQueryDto {
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  activeOnly?: boolean;
}

export class NoteDto {
  @IsString()
  @Length(3, 2000)
  note!: string;
}

export class ExportQueryDto {
  /** Why the export is made (e.g. the access request's reference); kept in the audit log */
  @IsString()
  @Length(5, 500)
  purpose!: string;
}

export class HoldResponseDto {
  id!: string;
  subjectType!: HoldSubject;
  subjectId!: string;
  reason!: string;
  createdBy!: string;
  createdAt!: string;
  releasedAt!: string | null;
  releasedBy!: string | null;
  releaseReason!: string | null;

  static from(h: HoldRow): HoldResponseDto {
    return {
      id: h.id,
      subjectType: h.subject_type,
      subjectId: h.subject_id,
      reason: h.reason,
      createdBy: h.created_by,
      createdAt: h.created_at.toISOString(),
      releasedAt: h.released_at?.toISOString() ?? null,
      releasedBy: h.released_by,
      releaseReason: h.release_reason,
    };
  }
}
