import { Prisma } from '../../generated/prisma/client';
import { metadataField } from './metadata-field';
import { QueryError } from './query-error';
import { absentField, booleanField, dateField, integerField, SearchField, textField } from './search-field';

const col = (name: string) => Prisma.raw(`"${name}"`);
const TRUE = Prisma.sql`TRUE`;

/**
 * `user_id` is `auth0|<id>` for every local user (one database identity each). Exact values match
 * with or without the `auth0|` prefix; wildcards match the whole user id (`user_id:auth0*` is every
 * user) or the part after the prefix.
 */
const userId: SearchField = (() => {
  const withPrefix = textField('user_id', Prisma.sql`('auth0|' || "id")`, 'none', { notNull: true });
  const bare = textField('user_id', col('id'), 'none', { notNull: true });
  return {
    name: 'user_id',
    exists: TRUE,
    sortKey: { sql: col('id'), nullable: false },
    match(value) {
      if (value.kind === 'term' && value.segments.length === 1) {
        const text = value.segments[0];
        return bare.match({ ...value, segments: [text.startsWith('auth0|') ? text.slice('auth0|'.length) : text] });
      }
      return Prisma.sql`(${withPrefix.match(value)} OR ${bare.match(value)})`;
    },
  };
})();

const FIELDS: SearchField[] = [
  userId,
  textField('email', col('email_normalized'), 'stored-lowercase'),
  textField('email.domain', Prisma.sql`split_part("email_normalized", '@', 2)`, 'stored-lowercase', { exists: Prisma.sql`"email_normalized" IS NOT NULL`, sortable: false }),
  textField('username', col('username_normalized'), 'stored-lowercase'),
  textField('name', col('name'), 'lower'),
  textField('given_name', col('given_name'), 'lower'),
  textField('family_name', col('family_name'), 'lower'),
  textField('nickname', col('nickname'), 'lower'),
  textField('phone_number', col('phone_number'), 'none'),
  textField('picture', col('picture'), 'none'),
  textField('last_ip', col('last_ip'), 'none'),
  booleanField('email_verified', col('email_verified')),
  booleanField('blocked', col('blocked')),
  integerField('logins_count', col('logins_count')),
  dateField('created_at', col('created_at'), false),
  dateField('updated_at', col('updated_at'), false),
  dateField('last_login', col('last_login'), true),
  dateField('last_password_reset', col('last_password_reset'), true),
  textField('identities.connection', col('connection'), 'none', { notNull: true }),
  textField('identities.user_id', col('id'), 'none', { notNull: true }),
  textField('identities.provider', Prisma.sql`'auth0'::text`, 'none', { notNull: true, sortable: false }),
  booleanField('identities.isSocial', Prisma.sql`FALSE`),
  // Auth0 fields of SMS connections and organizations: searchable, never set on local users.
  absentField('phone_verified', 'boolean'),
  absentField('organization_id', 'text'),
];

const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

/** Fields a term without a field name is searched in (Auth0 does not search metadata for those). */
export const DEFAULT_FIELDS: SearchField[] = ['user_id', 'email', 'username', 'name', 'given_name', 'family_name', 'nickname'].map((n) => BY_NAME.get(n) as SearchField);

/** The field a query names; QueryError (at `at`) naming it when there is no such field. */
export function resolveField(name: string, at: number): SearchField {
  const known = BY_NAME.get(name);
  if (known) return known;
  const [root, ...path] = name.split('.');
  if (root === 'app_metadata' || root === 'user_metadata') return metadataField(root, path, at);
  if (name === 'connection') throw new QueryError(at, 'unknown field "connection"; search identities.connection instead');
  throw new QueryError(at, `unknown field "${name}"; searchable fields are ${FIELDS.map((f) => f.name).join(', ')}, app_metadata.* and user_metadata.*`);
}

/** The field a search may sort by; null when it cannot be sorted on (metadata, unknown fields). */
export function sortableField(name: string): SearchField | null {
  return BY_NAME.get(name)?.sortKey ? (BY_NAME.get(name) as SearchField) : null;
}
