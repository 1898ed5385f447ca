import { PassThrough, Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApiError } from '../../common/errors/api-error';
import { decodeBody } from './body-decoder';

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function failure(stream: Readable): Promise<ApiError> {
  try {
    await read(stream);
  } catch (error) {
    return error as ApiError;
  }
  throw new Error('expected the stream to fail');
}

const text = '{"log_id":"1","data":{"type":"s"}}\n'.repeat(100);
const chunked = (buffer: Buffer) => Readable.from([buffer.subarray(0, 10), buffer.subarray(10)]);

describe('decodeBody', () => {
  it.each([
    [undefined, (b: Buffer) => b],
    ['identity', (b: Buffer) => b],
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes Content-Encoding %s and counts the received bytes', async (encoding, encode) => {
    const encoded = encode(Buffer.from(text));
    const body = decodeBody(chunked(encoded), encoding, 1024 * 1024);
    expect((await read(body)).toString()).toBe(text);
    expect(body.receivedEncodedLength).toBe(encoded.length);
  });

  it('stops at the limit on the decoded size, however small the compressed body', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const error = await failure(decodeBody(Readable.from([bomb]), 'gzip', 1024 * 1024));
    expect(error.getStatus()).toBe(413);
    expect(error.errorCode).toBe('payload_too_large');
  });

  it('stops at the limit on the received size too', async () => {
    const error = await failure(decodeBody(Readable.from([Buffer.alloc(2048)]), undefined, 1024));
    expect(error.getStatus()).toBe(413);
  });

  it('answers 400 for a body that is not what its encoding says', async () => {
    const error = await failure(decodeBody(Readable.from([Buffer.from('plain text, not gzip')]), 'gzip', 1024));
    expect(error.getStatus()).toBe(400);
    expect(error.errorCode).toBe('invalid_content_encoding');
  });

  it('refuses encodings it does not know with 415', () => {
    expect(() => decodeBody(Readable.from([]), 'compress', 1024)).toThrow(expect.objectContaining({ errorCode: 'unsupported_content_encoding' }));
  });

  it('does not destroy the request stream on failure (the error response still has a socket)', async () => {
    const source = new PassThrough();
    source.write(Buffer.alloc(4096)); // and not ended: a client still sending
    await failure(decodeBody(source, undefined, 1024));
    expect(source.destroyed).toBe(false);
    source.destroy();
  });
});
