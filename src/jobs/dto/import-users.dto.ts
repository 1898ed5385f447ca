import { ApiHideProperty, ApiProperty } from '@nestjs/swagger';
import { Equals, IsBoolean, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

/** The options of `POST /users/import` (everything but the users), in either body form. */
export class ImportOptionsDto {
  /** A connection this API manages (`managementClient.supportedConnectionsMap`); the default management connection when absent. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  connection?: string;

  /** Update users that already exist (same email) instead of reporting them. */
  @IsOptional()
  @IsBoolean()
  upsert?: boolean;

  /** Your own reference for the job, kept with it and passed to each provider job. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  external_id?: string;

  /** Whether the provider emails the tenant administrators when each of its jobs completes (Auth0's default: true). */
  @IsOptional()
  @IsBoolean()
  send_completion_email?: boolean;

  // Connection ids are the configuration's business: callers name connections.
  @ApiHideProperty()
  @ValidateIf((_o, value) => value !== undefined)
  @Equals(undefined, { message: 'connection_id is not accepted: name the connection with "connection"' })
  connection_id?: never;
}

/** `POST /users/import` as JSON. */
export class ImportUsersDto extends ImportOptionsDto {
  /** Users in Auth0's import file format; every one is checked before anything is imported. */
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, minItems: 1, example: [{ email: 'jane@example.com', email_verified: true, app_metadata: { plan: 'pro' } }] })
  users: unknown[];
}
