import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { stdSerializers, type DestinationStream } from 'pino';
import { censor, sanitizeUrl } from './redaction';

export interface LoggingOptions {
  level: string;
  /** Where log lines go; stdout when omitted (tests pass a buffer). */
  destination?: DestinationStream;
}

/** JSON logs through pino: credentials redacted, health probes not logged, one request id per line. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: options.level,
              // Credentials are censored in every logged object, child binding and serialized error.
              // (pino's own `redact` needs a path per key and level: about 100 µs a line for ours.)
              formatters: { log: (object: Record<string, unknown>) => censor(object), bindings: (bindings: Record<string, unknown>) => censor(bindings) },
              genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? '',
              customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
              autoLogging: { ignore: (req: IncomingMessage & { originalUrl?: string }) => (req.originalUrl ?? req.url ?? '').startsWith('/-/') },
              serializers: {
                req: (req: { id?: string; method?: string; url?: string; headers?: Record<string, unknown>; remoteAddress?: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: sanitizeUrl(req.url ?? ''),
                  userAgent: req.headers?.['user-agent'],
                  remoteAddress: req.remoteAddress,
                }),
                res: (res: ServerResponse & { statusCode?: number }) => ({ statusCode: res.statusCode }),
                err: (error: Error) => censor(stdSerializers.err(error)),
              },
            },
            options.destination ?? process.stdout,
          ],
          forRoutes: ['*path'],
          // Probes and metrics are hit constantly; skip the request logger for them altogether.
          exclude: [{ method: RequestMethod.ALL, path: '-/*path' }],
        }),
      ],
    };
  }
}
