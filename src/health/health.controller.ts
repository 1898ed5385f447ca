import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/admin-auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ReadinessService } from './readiness.service';
import { MetricsService } from './metrics.service';

export class HealthDto {
  /** Always `ok` when the process answers. */
  status: string;
}

export class ReadinessDto {
  status: string;
  checks: Record<string, string>;
}

@ApiTags('health')
@Controller('-')
@Public()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  /** Liveness: the process is up. */
  @Get('healthz')
  healthz(): HealthDto {
    return { status: 'ok' };
  }

  /** Readiness: the database answers and every migration is applied. */
  @Get('ready')
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto })
  async ready(): Promise<ReadinessDto> {
    return this.readiness.check();
  }

  /** Prometheus metrics in the text exposition format. */
  @Get('metrics')
  @ApiProduces('text/plain')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

