import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AppConfig } from '../../config/config.loader';
import { APP_CONFIG } from '../../config/config.module';
import { Keyring, parseEncryptionKeys } from './keyring';

export const GENERATED_KEY_FILE = 'encryption.key';

/**
 * Encryption at rest for everything the service must read back (provider tokens in sessions, rule
 * secrets, signing keys). Keys come from ENCRYPTION_KEY; without it (a development machine) a key is
 * generated once into DATA_DIR/encryption.key, readable by this user only.
 */
@Injectable()
export class EncryptionService extends Keyring {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super(EncryptionService.loadKeys(config));
  }

  private static loadKeys(config: AppConfig) {
    const configured = config.env.ENCRYPTION_KEY;
    if (configured) return parseEncryptionKeys(configured).keys;
    const dir = resolve(config.env.DATA_DIR);
    const file = join(dir, GENERATED_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
      new Logger(EncryptionService.name).warn(`ENCRYPTION_KEY is unset: generated a key in ${file}; set ENCRYPTION_KEY in production`);
    }
    chmodSync(file, 0o600);
    const { keys, problems } = parseEncryptionKeys(readFileSync(file, 'utf8'));
    if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
    return keys;
  }
}
