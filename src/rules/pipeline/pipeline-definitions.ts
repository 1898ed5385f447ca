import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import type { RuleDefinition } from '../../generated/prisma/client';
import type { DefinitionKind, SandboxDefinition } from '../sandbox/sandbox.types';
import { RuleSecretsService } from '../secrets/rule-secrets.service';
import type { TenantInfo } from './login-context';

/** Turns stored definitions into what the sandbox runs: script revision (compile cache key) and visible secrets. */
@Injectable()
export class PipelineDefinitions {
  private readonly revisions = new Map<string, string>();
  readonly tenant: TenantInfo;

  constructor(
    private readonly secrets: RuleSecretsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const provider = config.service.identityProvider;
    const publicUrl = new URL(config.env.PUBLIC_URL ?? `http://localhost:${config.env.PORT}`);
    // The local tenant names itself after the first label of its host, as Auth0 tenants are named.
    this.tenant =
      provider.type === 'auth0'
        ? { tenant: provider.domain.split('.')[0], environment: 'auth0', domain: provider.domain }
        : { tenant: publicUrl.hostname.split('.')[0], environment: 'local', domain: publicUrl.host };
  }

  private revision(row: RuleDefinition): string {
    const key = `${row.id}:${row.version}`;
    let revision = this.revisions.get(key);
    if (!revision) {
      // Only the code matters: enabling or reordering keeps the compiled definition and its `global`.
      revision = createHash('sha256').update(`${row.kind}\n${row.name}\n${row.script}`).digest('base64url');
      if (this.revisions.size > 10_000) this.revisions.clear();
      this.revisions.set(key, revision);
    }
    return revision;
  }

  async prepare(rows: RuleDefinition[]): Promise<Array<SandboxDefinition & { version: number }>> {
    return Promise.all(
      rows.map(async (row) => ({
        id: row.id,
        name: row.name,
        kind: row.kind as DefinitionKind,
        script: row.script,
        revision: this.revision(row),
        version: row.version,
        secrets: await this.secrets.visibleTo(row.id),
      })),
    );
  }
}
