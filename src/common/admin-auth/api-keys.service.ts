import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { PrismaService } from '../../database/prisma.service';
import { AdminApiKey } from '../../generated/prisma/client';
import { ApiError } from '../errors/api-error';
import { displayPrefix, generateApiKey, hashApiKey, hashesEqual } from './api-key.codec';
import { ADMIN_SCOPES, AdminScope } from './scopes';

export interface AuthenticatedAdmin {
  keyId: string;
  name: string;
  scopes: AdminScope[];
}

interface CachedKey {
  admin: AuthenticatedAdmin | null;
  expiresAt: number;
}

const CACHE_TTL_MS = 5_000;
const LAST_USED_RESOLUTION_MS = 60_000;
const BOOTSTRAP_KEY_NAME = 'bootstrap';

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiKeysService.name);
  // Keyed by the SHA-256 of the presented key, never by the key itself.
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.env.ADMIN_API_KEY;
    if (!key) return;
    const keyHash = hashApiKey(key);
    const upsert = () =>
      this.prisma.adminApiKey.upsert({
        where: { name: BOOTSTRAP_KEY_NAME },
        create: { name: BOOTSTRAP_KEY_NAME, keyHash, prefix: displayPrefix(key), scopes: [...ADMIN_SCOPES] },
        update: { keyHash, prefix: displayPrefix(key), scopes: [...ADMIN_SCOPES], revokedAt: null },
      });
    // Replicas starting together on a new database race to create the row: the loser updates it.
    await upsert().catch((error: unknown) => ((error as { code?: unknown }).code === 'P2002' ? upsert() : Promise.reject(error)));
    this.cache.clear();
  }

  async authenticate(presentedKey: string): Promise<AuthenticatedAdmin | null> {
    const hash = hashApiKey(presentedKey);
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expiresAt > now) return cached.admin;

    // Looked up by the SHA-256 of the presented key: timing reveals nothing about stored keys.
    const row = await this.prisma.adminApiKey.findUnique({ where: { keyHash: hash } });
    const valid = row && !row.revokedAt && hashesEqual(row.keyHash, hash);
    const admin = valid ? { keyId: row.id, name: row.name, scopes: row.scopes as AdminScope[] } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { admin, expiresAt: now + CACHE_TTL_MS });
    if (admin) this.touch(admin.keyId, now);
    return admin;
  }

  private touch(keyId: string, now: number): void {
    const last = this.lastUsedWritten.get(keyId) ?? 0;
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(keyId, now);
    this.prisma.adminApiKey
      .update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } })
      .catch((error: unknown) => this.logger.warn(`could not record key use: ${(error as Error).message}`));
  }

  list(): Promise<AdminApiKey[]> {
    return this.prisma.adminApiKey.findMany({ orderBy: { createdAt: 'asc' } });
  }

  async create(name: string, scopes: AdminScope[]): Promise<{ key: string; row: AdminApiKey }> {
    const key = generateApiKey();
    const row = await this.prisma.adminApiKey.create({
      data: { name, keyHash: hashApiKey(key), prefix: displayPrefix(key), scopes: [...new Set(scopes)] },
    });
    return { key, row };
  }

  async revoke(id: string): Promise<void> {
    const row = await this.prisma.adminApiKey.findUnique({ where: { id } });
    if (!row) throw ApiError.notFound('api_key_not_found', `No API key with id ${id}.`);
    if (!row.revokedAt) await this.prisma.adminApiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    for (const [hash, entry] of this.cache) if (entry.admin?.keyId === id) this.cache.delete(hash);
  }
}
