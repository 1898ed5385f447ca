import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { RuleDefinitionsService } from './definitions/rule-definitions.service';
import { RuleImport } from './deploy/rule-import.usecase';
import { ImportRulesDto, ImportSummaryDto } from './dto/rule-import.dto';
import { ListExecutionsQueryDto, RuleExecutionDto, toRuleExecutionDto } from './dto/rule-execution.dto';
import { TryResultDto, TryRulesDto } from './dto/rule-try.dto';
import { CreateRuleDto, ReorderRulesDto, RollbackRuleDto, RuleDto, RuleVersionDto, toRuleDto, toRuleVersionDto, UpdateRuleDto } from './dto/rule.dto';
import { RuleExecutionRecorder } from './executions/rule-execution-recorder';
import { RuleDryRun } from './pipeline/rule-dry-run.usecase';

const id = new ParseUUIDPipe();

@ApiTags('rules')
@Controller('rules')
@RequireScopes('rules')
export class RulesController {
  constructor(
    private readonly definitions: RuleDefinitionsService,
    private readonly importer: RuleImport,
    private readonly dryRun: RuleDryRun,
    private readonly executions: RuleExecutionRecorder,
  ) {}

  /** Rules and actions in pipeline order. */
  @Get()
  async list(): Promise<RuleDto[]> {
    return (await this.definitions.list()).map(toRuleDto);
  }

  /** Creates a rule or action; the script is syntax-checked (400 with line and column). */
  @Post()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The name or order is taken', type: ErrorResponseDto })
  async create(@Body() body: CreateRuleDto): Promise<RuleDto> {
    return toRuleDto(await this.definitions.create({ ...body, kind: body.kind ?? 'rule' }));
  }

  /** Imports Auth0's deploy directory layout (rules/, rules-configs/, actions/, triggers/) in one transaction. */
  @Post('import')
  @HttpCode(200)
  @ApiBadRequestResponse({ description: 'A file has a problem (details list every one); nothing was written', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'The orders clash with definitions not in the layout', type: ErrorResponseDto })
  async import(@Body() body: ImportRulesDto): Promise<ImportSummaryDto> {
    return this.importer.run(body.files);
  }

  /** Moves definitions to new positions in one transaction. */
  @Post('reorder')
  @HttpCode(200)
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'An order would be used twice', type: ErrorResponseDto })
  async reorder(@Body() body: ReorderRulesDto): Promise<RuleDto[]> {
    return (await this.definitions.reorder(body.rules)).map(toRuleDto);
  }

  /** Dry run of the enabled pipeline on a user and context; nothing is persisted. */
  @Post('try')
  @HttpCode(200)
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'userId names no user of the identity provider', type: ErrorResponseDto })
  async tryPipeline(@Body() body: TryRulesDto): Promise<TryResultDto> {
    return this.dryRun.run(body);
  }

  @Get(':id')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async get(@Param('id', id) ruleId: string): Promise<RuleDto> {
    return toRuleDto(await this.definitions.get(ruleId));
  }

  /** Changes a definition; every change is kept as a new version. */
  @Patch(':id')
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  async update(@Param('id', id) ruleId: string, @Body() body: UpdateRuleDto): Promise<RuleDto> {
    return toRuleDto(await this.definitions.update(ruleId, body));
  }

  /** Deletes a definition with its versions and execution records. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Param('id', id) ruleId: string): Promise<void> {
    await this.definitions.remove(ruleId);
  }

  /** Every version, newest first. */
  @Get(':id/versions')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async versions(@Param('id', id) ruleId: string): Promise<RuleVersionDto[]> {
    return (await this.definitions.versions(ruleId)).map(toRuleVersionDto);
  }

  /** Restores an earlier version's script and settings, as a new version. */
  @Post(':id/rollback')
  @HttpCode(200)
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async rollback(@Param('id', id) ruleId: string, @Body() body: RollbackRuleDto): Promise<RuleDto> {
    return toRuleDto(await this.definitions.rollback(ruleId, body.version));
  }

  /** Dry run of one definition, enabled or not; nothing is persisted. */
  @Post(':id/try')
  @HttpCode(200)
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such definition, or userId names no user', type: ErrorResponseDto })
  async tryOne(@Param('id', id) ruleId: string, @Body() body: TryRulesDto): Promise<TryResultDto> {
    return this.dryRun.run(body, ruleId);
  }

  /** What the definition did in recent logins, newest first (kept `rules.executionRetentionDays`). */
  @Get(':id/executions')
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async listExecutions(@Param('id', id) ruleId: string, @Query() query: ListExecutionsQueryDto): Promise<RuleExecutionDto[]> {
    await this.definitions.get(ruleId);
    return (await this.executions.list(ruleId, { limit: query.limit ?? 50, before: query.before })).map(toRuleExecutionDto);
  }
}
