import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDetailDto {
  /** Location of the problem, e.g. `body.email` or `query._l`. */
  path: string;
  message: string;
  /** Position inside a submitted script (1-based), for script errors. */
  line?: number;
  column?: number;
}

/** The error body of every endpoint. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;
  /** The HTTP reason phrase. */
  @ApiProperty({ example: 'Bad Request' })
  error: string;
  @ApiProperty({ example: 'Request validation failed: body.email must be an email' })
  message: string;
  /** Stable machine-readable code, e.g. `validation_failed`, `invalid_grant`, `not_found`. */
  @ApiProperty({ example: 'validation_failed' })
  errorCode: string;
  /** The request id, also in the `x-request-id` response header; quote it when reporting a problem. */
  @ApiProperty({ example: 'b3c9f1d2-6f7e-4a55-9f0e-2d7c1c1e8a10' })
  requestId: string;
  @ApiPropertyOptional({ type: [ErrorDetailDto] })
  details?: ErrorDetailDto[];
}
