import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { RuleSecretDto, SetRuleSecretDto, toRuleSecretDto } from './dto/rule-secret.dto';
import { RuleSecretsService } from './secrets/rule-secrets.service';

@ApiTags('rules')
@Controller('rules/secrets')
@RequireScopes('rules')
export class RuleSecretsController {
  constructor(private readonly secrets: RuleSecretsService) {}

  /** Secret names and when they changed; values are never returned. */
  @Get()
  async list(): Promise<RuleSecretDto[]> {
    return (await this.secrets.list()).map(toRuleSecretDto);
  }

  /** Sets a secret (`configuration.NAME` in rules, `event.secrets.NAME` in actions). */
  @Put(':name')
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async set(@Param('name') name: string, @Body() body: SetRuleSecretDto): Promise<RuleSecretDto> {
    RuleSecretsService.assertName(name);
    return toRuleSecretDto(await this.secrets.set(name, body.value, body.ruleIds ?? []));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async remove(@Param('name') name: string): Promise<void> {
    await this.secrets.remove(name);
  }
}
