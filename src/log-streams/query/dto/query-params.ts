import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** An optional text query parameter of at most `max` characters. */
export const OptionalText = (max: number) => applyDecorators(ApiPropertyOptional({ maxLength: max }), IsOptional(), IsString(), MaxLength(max));

/** An optional integer query parameter between `min` and `max` (query strings arrive as text). */
export const OptionalInt = (min: number, max: number, defaultValue?: number) =>
  applyDecorators(
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, ...(defaultValue !== undefined ? { default: defaultValue } : {}) }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(min),
    Max(max),
  );
