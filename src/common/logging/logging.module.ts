import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { redactionPaths, sanitizeUrl } from './redaction';

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
              redact: { paths: redactionPaths(), censor: '[REDACTED]' },
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
