import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

@Global()
@Module({
  controllers: [HealthController],
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService],
})
export class HealthModule {}
