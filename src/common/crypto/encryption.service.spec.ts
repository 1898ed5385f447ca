import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/config.loader';
import { EncryptionService, GENERATED_KEY_FILE } from './encryption.service';

describe('EncryptionService', () => {
  it('without ENCRYPTION_KEY generates one key file, private to this user, and keeps using it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agw-keys-'));
    const first = new EncryptionService(loadConfig({ DATA_DIR: dataDir }));
    const ciphertext = first.encrypt('survives a restart');
    const file = join(dataDir, GENERATED_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new EncryptionService(loadConfig({ DATA_DIR: dataDir }));
    expect(again.decryptString(ciphertext)).toBe('survives a restart');
    expect(readFileSync(file, 'utf8')).not.toContain('survives');
  });

  it('uses ENCRYPTION_KEY when set, and writes no key file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agw-keys-'));
    const key = Buffer.alloc(32, 3).toString('base64');
    const service = new EncryptionService(loadConfig({ DATA_DIR: dataDir, ENCRYPTION_KEY: key }));
    expect(() => statSync(join(dataDir, GENERATED_KEY_FILE))).toThrow();
    expect(service.decryptString(service.encrypt('x'))).toBe('x');
  });
});
