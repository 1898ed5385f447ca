import { OversizedUserError, splitIntoChunks } from './import-chunks';

const users = (n: number, pad = 0) => Array.from({ length: n }, (_, i) => ({ email: `u${i}@example.com`, name: 'é'.repeat(pad) }));

describe('splitIntoChunks', () => {
  it('keeps everything in one file when it fits', () => {
    const chunks = splitIntoChunks(users(3), 10_000);
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(chunks[0].file.toString())).toEqual(users(3));
    expect(chunks[0]).toMatchObject({ firstUser: 0, users: 3 });
  });

  it('fills files up to the limit, in input order, counting UTF-8 bytes', () => {
    const input = users(1000, 40);
    const max = 5000;
    const chunks = splitIntoChunks(input, max);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.file.length).toBeLessThanOrEqual(max);
    // No file could have taken the next user too.
    for (let i = 0; i < chunks.length - 1; i++) {
      const next = Buffer.byteLength(JSON.stringify(input[chunks[i + 1].firstUser]));
      expect(chunks[i].file.length + 1 + next).toBeGreaterThan(max);
    }
    expect(chunks.flatMap((c) => JSON.parse(c.file.toString()))).toEqual(input);
    chunks.forEach((c, i) => expect(c.firstUser).toBe(i === 0 ? 0 : chunks[i - 1].firstUser + chunks[i - 1].users));
  });

  it('fits a file exactly at the limit', () => {
    const one = Buffer.byteLength(JSON.stringify(users(1)[0]));
    const chunks = splitIntoChunks(users(2), 2 + one * 2 + 1);
    expect(chunks).toHaveLength(1);
    expect(chunks[0].file.length).toBe(2 + one * 2 + 1);
  });

  it('refuses a user larger than a file', () => {
    expect(() => splitIntoChunks([{ email: 'a@example.com' }, { email: 'b@example.com', name: 'x'.repeat(200) }], 100)).toThrow(OversizedUserError);
  });
});
