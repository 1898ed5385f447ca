import { IdentityError } from './identity.error';
import { MAX_IMPORT_FILE_BYTES, OversizedImportUserError, splitImportChunks, splitImportFile } from './import-file';

const user = (i: number, padding = 0) => ({ email: `user${i}@example.com`, user_metadata: { note: 'x'.repeat(padding) } });

describe('splitImportFile', () => {
  it('keeps every user, in order, in files no larger than the limit', () => {
    const users = Array.from({ length: 3000 }, (_, i) => user(i, 200));
    const files = splitImportFile(users);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) expect(file.length).toBeLessThanOrEqual(MAX_IMPORT_FILE_BYTES);
    expect(files.flatMap((file) => JSON.parse(file.toString('utf8')) as unknown[])).toEqual(users);
  });

  it('fills each file up to the limit before starting the next', () => {
    // Room for exactly two users ("[u0,u1]"): the third starts a file of its own.
    const users = [0, 1, 2].map((i) => ({ email: `u${i}@example.com`, name: 'abcdefghij' }));
    const one = JSON.stringify(users[0]).length;
    const files = splitImportFile(users, 2 + one * 2 + 1);
    expect(files.map((f) => (JSON.parse(f.toString()) as unknown[]).length)).toEqual([2, 1]);
    expect(files[0].length).toBe(2 + one * 2 + 1);
  });

  it('answers one small file for a small import and none for no users', () => {
    expect(splitImportFile([user(1)])).toEqual([Buffer.from(JSON.stringify([user(1)]))]);
    expect(splitImportFile([])).toEqual([]);
  });

  it('refuses a user larger than a file may be with 413 too_large', () => {
    let error: unknown;
    try {
      splitImportFile([user(1, MAX_IMPORT_FILE_BYTES)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdentityError);
    expect(error).toMatchObject({ code: 'too_large', message: 'The users file is too large; the maximum size is 500 KB' });
    expect((error as IdentityError).getStatus()).toBe(413);
  });
});

describe('splitImportChunks', () => {
  it("says where each file's users are in the import, and no file could have taken the next user", () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ email: `u${i}@example.com`, name: 'é'.repeat(40) }));
    const max = 5000;
    const chunks = splitImportChunks(users, max);
    expect(chunks.length).toBeGreaterThan(1);
    chunks.forEach((chunk, i) => {
      expect(chunk.file.length).toBeLessThanOrEqual(max);
      expect(JSON.parse(chunk.file.toString('utf8'))).toEqual(users.slice(chunk.firstUser, chunk.firstUser + chunk.users));
      expect(chunk.firstUser).toBe(i === 0 ? 0 : chunks[i - 1].firstUser + chunks[i - 1].users);
      const next = users[chunk.firstUser + chunk.users];
      if (next) expect(chunk.file.length + 1 + Buffer.byteLength(JSON.stringify(next))).toBeGreaterThan(max);
    });
    expect(chunks.reduce((n, c) => n + c.users, 0)).toBe(users.length);
  });

  it('names the user too large for a file', () => {
    expect(() => splitImportChunks([user(1), user(2, 200)], 100)).toThrow(new OversizedImportUserError(1, Buffer.byteLength(JSON.stringify(user(2, 200))), 100));
  });
});
