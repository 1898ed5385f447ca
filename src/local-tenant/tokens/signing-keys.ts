import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { EncryptionService } from '../../common/crypto/encryption.service';
import { PrismaService } from '../../database/prisma.service';
import type { Prisma } from '../../generated/prisma/client';
import { LocalTenantSettings } from '../settings/local-tenant-settings';

export const SIGNING_ALGORITHM = 'RS256';
/** Serialises key creation and rotation across replicas. */
const SIGNING_KEYS_LOCK = 72_707_381;
const CACHE_TTL_MS = 30_000;
/** A kid nobody knows triggers at most one reload per this interval. */
const UNKNOWN_KID_RELOAD_MS = 1_000;

export interface ActiveSigningKey {
  kid: string;
  privateKey: CryptoKey;
}

interface KeyState {
  loadedAt: number;
  current: ActiveSigningKey;
  published: JWK[];
  verification: Map<string, CryptoKey>;
}

const associatedData = (kid: string) => `local-signing-key:${kid}`;

/**
 * The local tenant's RS256 signing keys, kept in Postgres with the private key encrypted. Like
 * Auth0's, there is always a `next` key, published in the JWKS before it signs anything: rotation
 * makes it `current`, the old current `previous` (published as long as tokens it signed may live),
 * and creates a new `next`. Keys are created on first start, under an advisory lock so that
 * replicas starting together agree on one set.
 */
@Injectable()
export class LocalSigningKeys implements OnApplicationBootstrap {
  private readonly logger = new Logger(LocalSigningKeys.name);
  private state?: Promise<KeyState>;
  private lastUnknownKidReload = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly encryption: EncryptionService,
    private readonly settings: LocalTenantSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureKeys();
  }

  /** Creates the current and next keys when the tenant has none. Safe to call from every replica. */
  async ensureKeys(): Promise<void> {
    const created = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', SIGNING_KEYS_LOCK);
      const current = await tx.localSigningKey.count({ where: { status: 'current' } });
      const next = await tx.localSigningKey.count({ where: { status: 'next' } });
      const now = new Date();
      if (current === 0) await tx.localSigningKey.create({ data: { ...(await this.newKey()), status: 'current', activatedAt: now } });
      if (next === 0) await tx.localSigningKey.create({ data: { ...(await this.newKey()), status: 'next' } });
      return current === 0 || next === 0;
    }, { timeout: 30_000 });
    if (created) this.logger.log('created local tenant signing keys');
    this.state = undefined;
  }

  /**
   * Rotates the keys: next → current, current → previous, and a new next. Returns the kid that signs
   * from now on. Other replicas switch within their cache time; until then they sign with the old
   * key, which stays published.
   */
  async rotate(): Promise<string> {
    const kid = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', SIGNING_KEYS_LOCK);
      const next = await tx.localSigningKey.findFirst({ where: { status: 'next' }, orderBy: { createdAt: 'asc' } });
      if (!next) throw new Error('no next signing key to rotate to');
      const now = new Date();
      await tx.localSigningKey.updateMany({ where: { status: 'current' }, data: { status: 'previous', retiredAt: now } });
      await tx.localSigningKey.update({ where: { kid: next.kid }, data: { status: 'current', activatedAt: now } });
      await tx.localSigningKey.create({ data: { ...(await this.newKey()), status: 'next' } });
      return next.kid;
    }, { timeout: 30_000 });
    this.state = undefined;
    this.logger.log({ kid }, 'rotated local tenant signing keys');
    return kid;
  }

  /** The key that signs tokens now. */
  async current(): Promise<ActiveSigningKey> {
    return (await this.load()).current;
  }

  /** The JWKS document: public keys of the next, current and recent previous keys. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.load()).published };
  }

  /** The public key to verify a token signed with `kid`, if that key is published. */
  async verificationKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (!kid) return undefined;
    let state = await this.load();
    if (!state.verification.has(kid) && Date.now() - this.lastUnknownKidReload > UNKNOWN_KID_RELOAD_MS) {
      // Perhaps another replica rotated the keys a moment ago.
      this.lastUnknownKidReload = Date.now();
      this.state = undefined;
      state = await this.load();
    }
    return state.verification.get(kid);
  }

  private async newKey(): Promise<{ kid: string; algorithm: string; publicJwk: Prisma.InputJsonObject; privateKey: string }> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true, modulusLength: 2048 });
    const kid = randomBytes(16).toString('base64url');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: 'sig' } as Prisma.InputJsonObject;
    const pem = await exportPKCS8(privateKey);
    return { kid, algorithm: SIGNING_ALGORITHM, publicJwk, privateKey: this.encryption.encrypt(pem, associatedData(kid)) };
  }

  private load(): Promise<KeyState> {
    const cached = this.state;
    if (cached) {
      return cached.then((s) => (Date.now() - s.loadedAt < CACHE_TTL_MS ? s : this.reload()));
    }
    return this.reload();
  }

  private reload(): Promise<KeyState> {
    const loading = this.read();
    this.state = loading;
    loading.catch(() => {
      if (this.state === loading) this.state = undefined;
    });
    return loading;
  }

  private async read(): Promise<KeyState> {
    const lifetime = Math.max(this.settings.tenant.accessTokenLifetimeSeconds, this.settings.tenant.idTokenLifetimeSeconds);
    const retiredAfter = new Date(Date.now() - lifetime * 1000);
    const rows = await this.prisma.localSigningKey.findMany({
      where: { OR: [{ status: { in: ['current', 'next'] } }, { status: 'previous', retiredAt: { gt: retiredAfter } }] },
      orderBy: { createdAt: 'asc' },
    });
    const currentRow = rows.filter((r) => r.status === 'current').at(-1);
    if (!currentRow) throw new Error('the local tenant has no current signing key');
    const privateKey = await importPKCS8(this.encryption.decryptString(currentRow.privateKey, associatedData(currentRow.kid)), SIGNING_ALGORITHM);
    const order = { current: 0, next: 1, previous: 2 } as Record<string, number>;
    const published = rows.sort((a, b) => order[a.status] - order[b.status]).map((r) => r.publicJwk as JWK);
    const verification = new Map<string, CryptoKey>();
    for (const jwk of published) verification.set(jwk.kid as string, (await importJWK(jwk, SIGNING_ALGORITHM)) as CryptoKey);
    return { loadedAt: Date.now(), current: { kid: currentRow.kid, privateKey }, published, verification };
  }
}
