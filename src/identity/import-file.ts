import { IdentityError } from './identity.error';

/** Auth0's limit on one users-import file. */
export const MAX_IMPORT_FILE_BYTES = 500 * 1024;

/** 413 for an import file above Auth0's limit, the same from every provider. */
export const importFileTooLarge = () =>
  new IdentityError(413, 'too_large', `The users file is too large; the maximum size is ${MAX_IMPORT_FILE_BYTES / 1024} KB`);

/** A contiguous slice of an import, written as one import file. */
export interface ImportFileChunk {
  /** Position in the import of the chunk's first user. */
  firstUser: number;
  users: number;
  /** The import file: a JSON array of the chunk's users. */
  file: Buffer;
}

/** A user too large to fit in an import file on its own. */
export class OversizedImportUserError extends Error {
  constructor(
    readonly index: number,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`users[${index}] takes ${bytes} bytes as JSON; an import file holds at most ${maxBytes}`);
    this.name = 'OversizedImportUserError';
  }
}

/**
 * Splits the users of an import into import files (UTF-8 JSON arrays) of at most `maxBytes` each,
 * brackets and commas included, in order, each filled as far as it goes — so that a large import
 * can be run as several Auth0 import jobs. Throws OversizedImportUserError for a user too large for
 * a file of its own.
 */
export function splitImportChunks(users: readonly unknown[], maxBytes = MAX_IMPORT_FILE_BYTES): ImportFileChunk[] {
  const chunks: ImportFileChunk[] = [];
  let parts: Buffer[] = [];
  let firstUser = 0;
  // "[" + users joined by "," + "]"
  let size = 2;
  const flush = () => {
    chunks.push({ firstUser, users: parts.length, file: joinUsers(parts) });
    firstUser += parts.length;
    parts = [];
    size = 2;
  };
  users.forEach((user, index) => {
    const part = Buffer.from(JSON.stringify(user), 'utf8');
    if (part.length + 2 > maxBytes) throw new OversizedImportUserError(index, part.length, maxBytes);
    if (parts.length > 0 && size + 1 + part.length > maxBytes) flush();
    size += part.length + (parts.length > 0 ? 1 : 0);
    parts.push(part);
  });
  if (parts.length > 0) flush();
  return chunks;
}

/** The import files of splitImportChunks; a user too large for a file of its own is a 413. */
export function splitImportFile(users: readonly unknown[], maxBytes = MAX_IMPORT_FILE_BYTES): Buffer[] {
  try {
    return splitImportChunks(users, maxBytes).map((chunk) => chunk.file);
  } catch (error) {
    throw error instanceof OversizedImportUserError ? importFileTooLarge() : error;
  }
}

function joinUsers(parts: Buffer[]): Buffer {
  const separated = parts.flatMap((part, i) => (i === 0 ? [part] : [COMMA, part]));
  return Buffer.concat([OPEN, ...separated, CLOSE]);
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const COMMA = Buffer.from(',');
