import { Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { CustomPasswordHash, verifyCustomPasswordHash } from './custom-password-hash';

// `Algorithm` is a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

/** What a user has on record to check a password against. */
export interface StoredCredentials {
  passwordHash: string | null;
  customPasswordHash: unknown;
}

export interface PasswordCheck {
  matches: boolean;
  /** The stored hash is not argon2id with the configured parameters: replace it after this login. */
  needsUpgrade: boolean;
}

/**
 * Hashes passwords with argon2id (parameters from `localTenant.argon2`) and verifies them against
 * argon2id, bcrypt (`password_hash` of an import) or an imported `custom_password_hash`.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: { algorithm: Algorithm; memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = { algorithm: ARGON2ID, ...config.service.localTenant.argon2 };
  }

  onModuleInit(): void {
    void this.dummy();
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(stored: StoredCredentials, password: string): Promise<PasswordCheck> {
    const { passwordHash, customPasswordHash } = stored;
    if (passwordHash?.startsWith('$argon2')) {
      const matches = await verify(passwordHash, password).catch(() => false);
      return { matches, needsUpgrade: matches && !this.isCurrent(passwordHash) };
    }
    if (passwordHash && /^\$2[abxy]?\$/.test(passwordHash)) {
      const matches = await bcrypt.compare(password, passwordHash);
      return { matches, needsUpgrade: matches };
    }
    if (customPasswordHash && typeof customPasswordHash === 'object') {
      const matches = await verifyCustomPasswordHash(customPasswordHash as CustomPasswordHash, password).catch(() => false);
      return { matches, needsUpgrade: matches };
    }
    // No password on record: spend the same time as a real check before answering no.
    await this.verifyDummy(password);
    return { matches: false, needsUpgrade: false };
  }

  /**
   * Verifies a password against a throw-away argon2id hash made with the configured parameters, so
   * that a login for a user who does not exist takes as long as one with a wrong password.
   */
  async verifyDummy(password: string): Promise<void> {
    await verify(await this.dummy(), password).catch(() => false);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(24).toString('base64url'));
    return this.dummyHash;
  }

  private isCurrent(phc: string): boolean {
    try {
      const p = parseOptions(phc);
      return p.algorithm === ARGON2ID && p.memoryCost === this.options.memoryCost && p.timeCost === this.options.timeCost && p.parallelism === this.options.parallelism;
    } catch {
      return false;
    }
  }
}
