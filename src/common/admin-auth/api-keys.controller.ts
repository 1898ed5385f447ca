import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { ApiKeysService } from './api-keys.service';
import { RequireScopes } from './auth.decorators';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './dto/api-key.dto';

@ApiTags('admin')
@Controller('admin/api-keys')
@RequireScopes('admin')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Lists admin API keys (never the keys themselves). */
  @Get()
  async list(): Promise<ApiKeyDto[]> {
    return (await this.keys.list()).map(toApiKeyDto);
  }

  /** Creates a key; the response is the only time the key is shown. */
  @Post()
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'A key with this name exists', type: ErrorResponseDto })
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const { key, row } = await this.keys.create(body.name, body.scopes);
    return { ...toApiKeyDto(row), key };
  }

  /** Revokes a key; it stops working at once on this instance and within seconds on others. */
  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
