import { HttpStatus } from '@nestjs/common';
import { PassThrough, pipeline, Readable, Transform, TransformCallback } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import { ApiError } from '../../common/errors/api-error';

/** A decoded request body as Fastify reads it: `receivedEncodedLength` is checked against Content-Length. */
export type DecodedBody = Readable & { receivedEncodedLength: number };

function tooLarge(limit: number): ApiError {
  return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'payload_too_large', `The body is larger than this stream's limit of ${limit} bytes (after decoding).`);
}

function decoderFor(contentEncoding: string | undefined): Transform | null {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  // createUnzip recognises both the gzip and the zlib header, so a mislabelled body still decodes.
  if (encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate') return createUnzip();
  if (encoding === 'br') return createBrotliDecompress();
  throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'unsupported_content_encoding', `Content-Encoding "${contentEncoding}" is not supported (gzip, deflate, br).`);
}

/** Passes bytes through, calling `count` per chunk; fails with 413 once more than `limit` bytes went by. */
function byteLimit(limit: number, count: (total: number) => void): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      total += chunk.length;
      count(total);
      if (total > limit) done(tooLarge(limit));
      else done(null, chunk);
    },
  });
}

function asApiError(error: Error & { code?: string }): Error {
  if (error instanceof ApiError) return error;
  if (typeof error.code === 'string' && (error.code.startsWith('Z_') || error.code.startsWith('ERR_BROTLI'))) {
    return ApiError.badRequest('invalid_content_encoding', `The body could not be decoded as its Content-Encoding says: ${error.message}`);
  }
  return error;
}

/**
 * The body of `source` decoded according to its Content-Encoding, failing with 413 as soon as more than
 * `limit` bytes have been received or produced: the limit applies to the decoded size, so a small
 * compressed body that inflates enormously is stopped early. Unknown encodings fail with 415, corrupt
 * compressed data with 400.
 */
export function decodeBody(source: Readable, contentEncoding: string | undefined, limit: number): DecodedBody {
  const decoder = decoderFor(contentEncoding);
  const output = new PassThrough() as PassThrough & { receivedEncodedLength: number };
  output.receivedEncodedLength = 0;
  const encoded = byteLimit(limit, (total) => (output.receivedEncodedLength = total));
  const stages: NodeJS.ReadWriteStream[] = decoder ? [decoder, byteLimit(limit, () => undefined)] : [];
  // The request itself is piped rather than put in the pipeline: a failing pipeline destroys its
  // streams, and destroying the request would close the socket before the error response is sent.
  source.on('error', (error) => output.destroy(error));
  source.pipe(encoded);
  const last = stages.length
    ? (pipeline([encoded, ...stages] as unknown as [Transform, ...NodeJS.ReadWriteStream[]], (error) => {
        if (error) fail(error);
      }) as unknown as Readable)
    : encoded.on('error', fail);
  function fail(error: Error): void {
    source.unpipe(encoded);
    output.destroy(asApiError(error));
  }
  last.pipe(output);
  return output;
}
