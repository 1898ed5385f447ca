import { Module } from '@nestjs/common';
import { ImportQueue } from './import-queue';
import { LocalImportJobs } from './local-import-jobs';
import { LocalImportJobsService } from './local-import-jobs.service';
import { ProcessImportJob } from './process-import-job.usecase';

/** The local tenant's bulk user import jobs, processed on a durable Postgres queue (pg-boss). */
@Module({
  providers: [ProcessImportJob, ImportQueue, { provide: LocalImportJobs, useClass: LocalImportJobsService }],
  exports: [LocalImportJobs],
})
export class LocalImportJobsModule {}
