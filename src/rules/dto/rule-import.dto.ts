import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class ImportRulesDto {
  /**
   * Auth0's deploy directory layout as relative path → file content, e.g.
   * `{"rules/add-roles.js": "function (user, context, callback) {…}", "rules/add-roles.json": "{\"enabled\": true, \"order\": 1}"}`.
   */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { 'rules/add-roles.js': 'function (user, context, callback) { callback(null, user, context); }', 'rules/add-roles.json': '{"enabled": true, "order": 1, "stage": "login_success"}' } })
  @IsObject()
  files: Record<string, string>;
}

export class ImportSummaryDto {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Names of the secrets set (values are never returned). */
  secrets: string[];
}
