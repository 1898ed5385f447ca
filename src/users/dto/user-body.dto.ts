import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsObject, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';

const PHONE = /^\+[0-9]{1,15}$/;

/**
 * The profile attributes the Auth0 create and update bodies share, with Auth0's limits. The
 * provider checks what depends on the connection (password policy, username rules, uniqueness).
 */
class UserAttributesDto {
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(512)
  email?: string;

  /** For connections that require a username. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  username?: string;

  /** Checked against the connection's password policy; never stored or logged as given. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password?: string;

  @IsOptional()
  @IsBoolean()
  email_verified?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  given_name?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(150)
  family_name?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  nickname?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true }, { message: 'picture must be an absolute URL' })
  picture?: string;

  /** A blocked user cannot log in. */
  @IsOptional()
  @IsBoolean()
  blocked?: boolean;

  /** A database connection this API manages (`managementClient`). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  connection?: string;
}

/** Auth0's `POST /api/v2/users` body; `connection` defaults to the default management connection. */
export class CreateUserDto extends UserAttributesDto {
  /** E.164, e.g. `+14155550100`. */
  @IsOptional()
  @Matches(PHONE, { message: 'phone_number must be in E.164 format, e.g. +14155550100' })
  phone_number?: string;

  /** Send a verification email (Auth0 only). */
  @IsOptional()
  @IsBoolean()
  verify_email?: boolean;

  /** An id of your own, without the `auth0|` prefix. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  user_id?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  app_metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  user_metadata?: Record<string, unknown>;
}

/**
 * Auth0's `PATCH /api/v2/users/{id}` body. Metadata is merged at the first level: a key set to
 * `null` is removed, and `null` for the whole object empties it.
 */
export class UpdateUserDto extends UserAttributesDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsObject()
  app_metadata?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  @ValidateIf((_o, value) => value !== undefined && value !== null)
  @IsObject()
  user_metadata?: Record<string, unknown> | null;
}
