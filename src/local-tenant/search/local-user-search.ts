import type { LocalUser } from '../../generated/prisma/client';
import type { ListUsersInput } from '../../identity/identity.types';

export interface LocalUserSearchResult {
  /** Total matches (before paging, capped as Auth0 caps searches). */
  total: number;
  start: number;
  limit: number;
  rows: LocalUser[];
}

/**
 * Searches local tenant users with Auth0's v3 Lucene syntax and paging rules. Throws
 * IdentityError 400 `invalid_query` (with the position) for an unparseable query and 400 when paging
 * past the first 1000 results.
 */
export abstract class LocalUserSearch {
  abstract search(input: ListUsersInput): Promise<LocalUserSearchResult>;
}
