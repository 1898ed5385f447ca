import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { RuleExecution } from '../../generated/prisma/client';

export class ListExecutionsQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** Only records older than this time (ISO 8601), to page back. */
  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;
}

export class ExecutionErrorDto {
  name: string;
  message: string;
}

export class RuleExecutionDto {
  id: string;
  /** Groups the definitions of one login. */
  runId: string;
  ruleVersion: number;
  @ApiProperty({ enum: ['allow', 'deny', 'error'] })
  outcome: string;
  durationMs: number;
  @ApiPropertyOptional({ type: ExecutionErrorDto, nullable: true })
  error: ExecutionErrorDto | null;
  userId: string | null;
  clientId: string | null;
  protocol: string | null;
  createdAt: string;
}

export function toRuleExecutionDto(row: RuleExecution): RuleExecutionDto {
  return {
    id: row.id,
    runId: row.runId,
    ruleVersion: row.ruleVersion,
    outcome: row.outcome,
    durationMs: row.durationMs,
    error: row.errorName || row.errorMessage ? { name: row.errorName ?? 'Error', message: row.errorMessage ?? '' } : null,
    userId: row.userId,
    clientId: row.clientId,
    protocol: row.protocol,
    createdAt: row.createdAt.toISOString(),
  };
}
