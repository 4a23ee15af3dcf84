import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// Bounds for every paginated list (issue #16): a page or offset past these answered 500 (a
// number past PostgreSQL's bigint, or a page times its size past it). No list is that long.
export const MAX_PAGE = 100_000;
export const MAX_OFFSET = 10_000_000;

// An optional 1-based page number, at most MAX_PAGE.
export const PageParam = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, type: Number }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'page must be a whole number' }),
    Min(1, { message: 'page must be at least 1' }),
    Max(MAX_PAGE, { message: `page must be at most ${MAX_PAGE}` }),
  );

// An optional 0-based offset, at most MAX_OFFSET.
export const OffsetParam = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, type: Number }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: 'offset must be a whole number' }),
    Min(0, { message: 'offset must be at least 0' }),
    Max(MAX_OFFSET, { message: `offset must be at most ${MAX_OFFSET}` }),
  );
