import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { IdentityUser } from '../../identity/identity.types';

export class UserIdentityDto {
  /** Connection name, e.g. `Username-Password-Authentication`. */
  connection: string;
  /** `auth0` for database connections. */
  provider: string;
  /** The user's id in the connection (without the provider prefix). */
  user_id: string;
  isSocial: boolean;
}

/** A user as Auth0's Management API shows it. */
export class UserDto {
  /** `auth0|` + the id in the connection, e.g. `auth0|5f1b2c3d4e5f60718293a4b5`. */
  @ApiProperty({ example: 'auth0|5f1b2c3d4e5f60718293a4b5' })
  user_id: string;
  email?: string;
  email_verified?: boolean;
  username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  nickname?: string;
  picture?: string;
  phone_number?: string;
  blocked?: boolean;
  /** Data the user cannot change (roles, plans…). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  app_metadata?: Record<string, unknown>;
  /** Data the user may change (preferences…). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  user_metadata?: Record<string, unknown>;
  identities: UserIdentityDto[];
  /** ISO 8601 date. */
  created_at: string;
  updated_at: string;
  last_login?: string;
  last_ip?: string;
  logins_count?: number;
  last_password_reset?: string;
}

const OPTIONAL_FIELDS = [
  'email',
  'email_verified',
  'username',
  'name',
  'given_name',
  'family_name',
  'nickname',
  'picture',
  'phone_number',
  'blocked',
  'app_metadata',
  'user_metadata',
  'last_login',
  'last_ip',
  'logins_count',
  'last_password_reset',
] as const satisfies ReadonlyArray<keyof UserDto & keyof IdentityUser>;

/** The documented fields of a user and nothing else the provider may return. */
export function toUserDto(user: IdentityUser): UserDto {
  const dto: UserDto = {
    user_id: user.user_id,
    identities: user.identities.map((i) => ({ connection: i.connection, provider: i.provider, user_id: i.user_id, isSocial: i.isSocial })),
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
  for (const field of OPTIONAL_FIELDS) {
    if (user[field] !== undefined) (dto as unknown as Record<string, unknown>)[field] = user[field];
  }
  return dto;
}
