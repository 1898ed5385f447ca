import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { RuleDefinition, RuleVersion } from '../../generated/prisma/client';

export const DEFINITION_KINDS = ['rule', 'action'] as const;
export const RULE_STAGES = ['login_success'] as const;
export const MAX_SCRIPT_LENGTH = 100_000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]*$/;
const NAME_MESSAGE = 'name may contain letters, digits, space, _ . - and starts with a letter or digit';

export class CreateRuleDto {
  /** Unique name (Auth0's deploy layout uses it as the file name). */
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @Matches(NAME, { message: NAME_MESSAGE })
  name: string;

  /** `rule`: `function (user, context, callback) {…}`; `action`: `exports.onExecutePostLogin = async (event, api) => {…}`. */
  @ApiProperty({ enum: DEFINITION_KINDS, default: 'rule' })
  @IsOptional()
  @IsIn(DEFINITION_KINDS)
  kind?: 'rule' | 'action';

  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SCRIPT_LENGTH)
  script: string;

  /** Position in the pipeline (lower runs first, unique); after the last one when omitted. */
  @IsOptional()
  @IsInt()
  @Min(0)
  order?: number;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ enum: RULE_STAGES, default: 'login_success' })
  @IsOptional()
  @IsIn(RULE_STAGES)
  stage?: 'login_success';
}

export class UpdateRuleDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  @Matches(NAME, { message: NAME_MESSAGE })
  name?: string;

  @ApiProperty({ enum: DEFINITION_KINDS, required: false })
  @IsOptional()
  @IsIn(DEFINITION_KINDS)
  kind?: 'rule' | 'action';

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SCRIPT_LENGTH)
  script?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  order?: number;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({ enum: RULE_STAGES, required: false })
  @IsOptional()
  @IsIn(RULE_STAGES)
  stage?: 'login_success';
}

export class RuleOrderDto {
  @IsUUID()
  id: string;

  @IsInt()
  @Min(0)
  order: number;
}

export class ReorderRulesDto {
  /** New positions; definitions not listed keep theirs. The result must leave every order unique. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique((o: RuleOrderDto) => o?.id)
  @ValidateNested({ each: true })
  @Type(() => RuleOrderDto)
  rules: RuleOrderDto[];
}

export class RollbackRuleDto {
  /** The version to restore (script, kind, enabled, stage); name and order stay as they are. */
  @IsInt()
  @Min(1)
  version: number;
}

export class RuleDto {
  id: string;
  name: string;
  @ApiProperty({ enum: DEFINITION_KINDS })
  kind: string;
  script: string;
  order: number;
  enabled: boolean;
  @ApiProperty({ enum: RULE_STAGES })
  stage: string;
  /** Current version number; every change adds one. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class RuleVersionDto {
  version: number;
  name: string;
  @ApiProperty({ enum: DEFINITION_KINDS })
  kind: string;
  script: string;
  order: number;
  enabled: boolean;
  stage: string;
  createdAt: string;
}

export function toRuleDto(row: RuleDefinition): RuleDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    script: row.script,
    order: row.order,
    enabled: row.enabled,
    stage: row.stage,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toRuleVersionDto(row: RuleVersion): RuleVersionDto {
  return {
    version: row.version,
    name: row.name,
    kind: row.kind,
    script: row.script,
    order: row.order,
    enabled: row.enabled,
    stage: row.stage,
    createdAt: row.createdAt.toISOString(),
  };
}
