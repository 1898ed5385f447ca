import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '../../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../../common/errors/error-response.dto';
import { DeliveryFailures } from './delivery-failures';
import { DeadLetterPageDto, DeadLettersQueryDto, QuarantinePageDto, QuarantineQueryDto, RetriedDto, RetryDeadLettersDto } from './dto/failures.dto';

@ApiTags('events')
@Controller('events')
@ApiBadRequestResponse({ description: 'Invalid parameters', type: ErrorResponseDto })
export class DeliveryFailuresController {
  constructor(private readonly failures: DeliveryFailures) {}

  /** Events a sink did not accept within its attempts, newest first. */
  @Get('dead-letters')
  @RequireScopes('events:read')
  async deadLetters(@Query() query: DeadLettersQueryDto): Promise<DeadLetterPageDto> {
    return this.failures.deadLetters(query);
  }

  /** Puts dead letters (all, one sink's, or the listed ids) back in the outbox for another round of attempts. */
  @Post('dead-letters/retry')
  @HttpCode(200)
  @RequireScopes('admin')
  async retry(@Body() body: RetryDeadLettersDto): Promise<RetriedDto> {
    return { requeued: await this.failures.retry(body) };
  }

  /** Log-stream records that were not valid events, as received, with the reason; newest first. */
  @Get('quarantine')
  @RequireScopes('events:read')
  async quarantine(@Query() query: QuarantineQueryDto): Promise<QuarantinePageDto> {
    return this.failures.quarantine(query);
  }
}
