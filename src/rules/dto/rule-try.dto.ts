import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class TryRulesDto {
  /** The user, as rules see it (`user_id` required); or give `userId` to load one from the identity provider. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  user?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  userId?: string;

  /** The rules `context` (actions get the equivalent `event`); merged over a default password-login context. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;
}

export class TryErrorDto {
  name: string;
  message: string;
  /** The rule or action that failed. */
  rule: string;
  @ApiPropertyOptional()
  line?: number;
  @ApiPropertyOptional()
  column?: number;
}

export class TryLogDto {
  rule: string;
  level: string;
  message: string;
}

export class TryRuleRunDto {
  name: string;
  @ApiProperty({ enum: ['allow', 'deny', 'error'] })
  outcome: string;
  durationMs: number;
}

export class TryResultDto {
  @ApiProperty({ enum: ['allow', 'deny', 'error'] })
  outcome: 'allow' | 'deny' | 'error';
  /** The user as the pipeline left it (metadata writes applied in memory only). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  user: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true })
  idTokenClaims: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true })
  accessTokenClaims: Record<string, unknown>;
  scopes: string[];
  @ApiPropertyOptional({ type: TryErrorDto, nullable: true })
  error: TryErrorDto | null;
  logs: TryLogDto[];
  /** Ignored second callback calls, dropped non-namespaced claims, unsupported API calls. */
  warnings: TryLogDto[];
  rules: TryRuleRunDto[];
}
