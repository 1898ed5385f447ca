import { Injectable } from '@nestjs/common';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { ApiError } from '../../common/errors/api-error';
import { PrismaService } from '../../database/prisma.service';
import type { Prisma, RuleSecret } from '../../generated/prisma/client';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const CACHE_MS = 2000;

/** Associated data binds a ciphertext to its secret's name: a value cannot be moved to another name. */
const aad = (name: string) => `rule-secret:${name}`;

/**
 * The secrets of rules (`configuration`) and actions (`event.secrets`): one store, values encrypted
 * with the service keyring, readable only by the pipeline.
 */
@Injectable()
export class RuleSecretsService {
  private cache: { secrets: Array<{ name: string; value: string; ruleIds: string[] }>; expiresAt: number } | null = null;

  constructor(
    private readonly prisma: PrismaService,
    private readonly encryption: EncryptionService,
  ) {}

  static assertName(name: string): void {
    if (!SECRET_NAME.test(name)) throw ApiError.badRequest('invalid_secret_name', 'A secret name has letters, digits and _, starts with a letter or _, and has at most 128 characters.');
  }

  list(): Promise<RuleSecret[]> {
    return this.prisma.ruleSecret.findMany({ orderBy: { name: 'asc' } });
  }

  async setIn(tx: Prisma.TransactionClient, name: string, value: string, ruleIds: string[] = []): Promise<RuleSecret> {
    RuleSecretsService.assertName(name);
    const valueEncrypted = this.encryption.encrypt(value, aad(name));
    return tx.ruleSecret.upsert({ where: { name }, create: { name, valueEncrypted, ruleIds }, update: { valueEncrypted, ruleIds } });
  }

  async set(name: string, value: string, ruleIds: string[] = []): Promise<RuleSecret> {
    const row = await this.setIn(this.prisma, name, value, ruleIds);
    this.invalidate();
    return row;
  }

  async remove(name: string): Promise<void> {
    const { count } = await this.prisma.ruleSecret.deleteMany({ where: { name } });
    if (count === 0) throw ApiError.notFound('secret_not_found', `No secret named ${name}.`);
    this.invalidate();
  }

  invalidate(): void {
    this.cache = null;
  }

  private async all(): Promise<Array<{ name: string; value: string; ruleIds: string[] }>> {
    const now = Date.now();
    if (this.cache && this.cache.expiresAt > now) return this.cache.secrets;
    const rows = await this.prisma.ruleSecret.findMany();
    const secrets = rows.map((r) => ({ name: r.name, value: this.encryption.decryptString(r.valueEncrypted, aad(r.name)), ruleIds: r.ruleIds }));
    this.cache = { secrets, expiresAt: now + CACHE_MS };
    return secrets;
  }

  /** The decrypted secrets one definition may read. */
  async visibleTo(ruleId: string): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const secret of await this.all()) if (secret.ruleIds.length === 0 || secret.ruleIds.includes(ruleId)) out[secret.name] = secret.value;
    return out;
  }
}
