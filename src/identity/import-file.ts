import { IdentityError } from './identity.error';

/** Auth0's limit on one users-import file. */
export const MAX_IMPORT_FILE_BYTES = 500 * 1024;

/** 413 for an import file above Auth0's limit, the same from every provider. */
export const importFileTooLarge = () =>
  new IdentityError(413, 'too_large', `The users file is too large; the maximum size is ${MAX_IMPORT_FILE_BYTES / 1024} KB`);

/**
 * Splits the users of an import into JSON array files of at most `maxBytes` each, in order, so that
 * a large import can be run as several Auth0 import jobs. A single user too large for a file of its
 * own is a 413.
 */
export function splitImportFile(users: readonly unknown[], maxBytes = MAX_IMPORT_FILE_BYTES): Buffer[] {
  const files: Buffer[] = [];
  let parts: Buffer[] = [];
  // "[" + users joined by "," + "]"
  let size = 2;
  for (const user of users) {
    const part = Buffer.from(JSON.stringify(user), 'utf8');
    if (part.length + 2 > maxBytes) throw importFileTooLarge();
    const added = part.length + (parts.length > 0 ? 1 : 0);
    if (size + added > maxBytes) {
      files.push(joinUsers(parts));
      parts = [];
      size = 2;
    }
    size += part.length + (parts.length > 0 ? 1 : 0);
    parts.push(part);
  }
  if (parts.length > 0) files.push(joinUsers(parts));
  return files;
}

function joinUsers(parts: Buffer[]): Buffer {
  const separated = parts.flatMap((part, i) => (i === 0 ? [part] : [COMMA, part]));
  return Buffer.concat([OPEN, ...separated, CLOSE]);
}

const OPEN = Buffer.from('[');
const CLOSE = Buffer.from(']');
const COMMA = Buffer.from(',');
