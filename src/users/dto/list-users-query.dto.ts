import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/**
 * Filters and paging of `GET /users` (Mia-Platform auth0-client's parameters). Values match the
 * whole field unless they hold `*` wildcards. `app_metadata.<path>=value` filters (repeatable; the
 * values of one path are alternatives) are read alongside these.
 */
export class ListUsersQueryDto {
  /** Page size (Auth0's `per_page`). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  _l?: number;

  /** Page number, from 0 (Auth0's `page`). Auth0 pages through the first 1000 matches only. */
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  _sk?: number;

  /** Email, case-insensitive; `*` wildcards allowed, e.g. `jane*`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  email?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  nickname?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  username?: string;

  /** Restricts to these supported connections (repeatable, ORed); all supported ones when absent. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  connection?: string[];

  /** A raw Auth0 v3 (Lucene) query, ANDed in parentheses with the filters above. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  q?: string;
}
