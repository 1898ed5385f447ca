import { Inject, Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { ApiError } from '../common/errors/api-error';
import { DATABASE_URL } from '../database/database.module';
import { migrationStatus } from '../database/migrations';
import { PrismaService } from '../database/prisma.service';

@Injectable()
export class ReadinessService {
  private migrationsVerified = false;

  constructor(
    private readonly prisma: PrismaService,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async check(): Promise<{ status: string; checks: Record<string, string> }> {
    try {
      await this.prisma.$queryRaw`SELECT 1`;
    } catch {
      throw new ApiError(503, 'not_ready', 'The database is not reachable.', undefined, { 'retry-after': '5' });
    }
    if (!this.migrationsVerified) {
      const client = new Client({ connectionString: this.databaseUrl });
      try {
        await client.connect();
        const status = await migrationStatus(client);
        if (status.pending.length > 0) {
          throw new ApiError(503, 'not_ready', `Migrations not applied: ${status.pending.join(', ')}.`, undefined, { 'retry-after': '5' });
        }
        // Migrations never un-apply while the process runs; checking once is enough.
        this.migrationsVerified = true;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    return { status: 'ok', checks: { database: 'up', migrations: 'applied' } };
  }
}
