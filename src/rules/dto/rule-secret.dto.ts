import { ArrayUnique, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { RuleSecret } from '../../generated/prisma/client';

export class SetRuleSecretDto {
  /** The value; stored encrypted and never returned. */
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  value: string;

  /** Definitions that may read it; every rule and action when omitted or empty. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsUUID('all', { each: true })
  ruleIds?: string[];
}

export class RuleSecretDto {
  name: string;
  /** Definitions that see it; empty means all. */
  ruleIds: string[];
  createdAt: string;
  updatedAt: string;
}

export function toRuleSecretDto(row: RuleSecret): RuleSecretDto {
  return { name: row.name, ruleIds: row.ruleIds, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}
