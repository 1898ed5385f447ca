import { ApiProperty } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AdminApiKey } from '../../../generated/prisma/client';
import { ADMIN_SCOPES, AdminScope } from '../scopes';

export class CreateApiKeyDto {
  /** A unique name saying who or what uses the key. */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9 ._:@-]+$/, { message: 'name may contain letters, digits, space and . _ : @ -' })
  name: string;

  @ApiProperty({ enum: ADMIN_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ADMIN_SCOPES, { each: true })
  scopes: AdminScope[];
}

export class ApiKeyDto {
  id: string;
  name: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  @ApiProperty({ enum: ADMIN_SCOPES, isArray: true })
  scopes: AdminScope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  /** The key itself. It is shown only in this response; only its SHA-256 is stored. */
  key: string;
}

export function toApiKeyDto(row: AdminApiKey): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as AdminScope[],
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
