import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { RequestMeter } from './request-cost.js';
import type { Metrics } from './metrics.js';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'strata' } }, destination);
}

const meterOf = (res: ServerResponse) => (res as ServerResponse & { locals?: { meter?: RequestMeter } }).locals?.meter;
/** A client's `x-request-id` is echoed back only when it is a plain token (it lands in logs). */
const GIVEN_ID = /^[\w.-]{1,128}$/;

/**
 * One JSON line per /graphql request, when it has been answered: request id (the client's `x-request-id` or a new
 * UUID, echoed back), method, path, status, duration, operation name, cost and the error codes it answered with.
 * Headers are not logged (they carry bearer keys). The same numbers feed the request metrics (`metrics` null: none).
 *
 * Written with pino directly rather than pino-http: pino-http builds a child logger and its serializers for every
 * request, which was most of what logging cost a provenance lookup (bench/HARDENING.md, per-component rows); one
 * listener here writes the line and records the metrics, so the two always agree.
 */
export function requestLog(logger: Logger, metrics: Metrics | null) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', id);
    // 'close' comes once, after the response is written or when the client went away first.
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const meter = meterOf(res);
      const status = res.statusCode;
      if (metrics) {
        const operation = metrics.operationLabel(meter?.operationName ?? null);
        metrics.requests.inc({ operation, status: String(status) });
        metrics.duration.observe({ operation }, seconds);
        if (meter && meter.cost > 0) metrics.cost.observe(meter.cost);
        for (const code of meter?.errorCodes ?? []) metrics.errors.inc({ code });
        if (status === 429) metrics.rateLimited.inc();
      }
      const answered = res.writableFinished;
      const level = !answered ? 'warn' : status >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          // Express strips the mount path from req.url; the log says what the client asked for.
          req: { id, method: req.method, url: (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url },
          res: { statusCode: status },
          durationMs: Math.round(seconds * 1e6) / 1e3,
          ...(meter ? { operation: meter.operationName, cost: meter.cost, errorCodes: meter.errorCodes } : {}),
        },
        answered ? 'request answered' : 'request aborted before its answer was sent',
      );
    });
    next();
  };
}
