/** A contiguous slice of an import input, written as one provider import file. */
export interface ImportChunk {
  /** Position in the input of the chunk's first user. */
  firstUser: number;
  users: number;
  /** The import file: a JSON array of the chunk's users. */
  file: Buffer;
}

/** A user too large to fit in any provider import file on its own. */
export class OversizedUserError extends Error {
  constructor(
    readonly index: number,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`users[${index}] takes ${bytes} bytes as JSON; a provider import file holds at most ${maxBytes}`);
    this.name = 'OversizedUserError';
  }
}

/**
 * Splits users into import files of at most `maxBytes` bytes each (UTF-8 JSON, brackets and commas
 * included), keeping the input order and filling each file as far as it goes.
 */
export function splitIntoChunks(users: readonly unknown[], maxBytes: number): ImportChunk[] {
  const chunks: ImportChunk[] = [];
  let parts: string[] = [];
  let bytes = 2; // []
  let firstUser = 0;
  const flush = () => {
    if (parts.length === 0) return;
    chunks.push({ firstUser, users: parts.length, file: Buffer.from(`[${parts.join(',')}]`, 'utf8') });
    firstUser += parts.length;
    parts = [];
    bytes = 2;
  };
  users.forEach((user, index) => {
    const json = JSON.stringify(user);
    const size = Buffer.byteLength(json, 'utf8');
    if (size + 2 > maxBytes) throw new OversizedUserError(index, size, maxBytes);
    if (bytes + size + (parts.length ? 1 : 0) > maxBytes) flush();
    bytes += size + (parts.length ? 1 : 0);
    parts.push(json);
  });
  flush();
  return chunks;
}

/** What a chunk's encrypted file is bound to (associated data), so that it cannot be moved to another chunk. */
export const chunkFileContext = (jobId: string, index: number) => `user-import:${jobId}:${index}`;
