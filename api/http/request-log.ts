import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { RequestMeter } from './request-cost.js';
import type { Metrics } from './metrics.js';

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'strata' } }, destination);
}

const meterOf = (res: ServerResponse) => (res as ServerResponse & { locals?: { meter?: RequestMeter } }).locals?.meter;

/**
 * One JSON line per /graphql request, when it has been answered: request id (the client's `x-request-id` or a new
 * UUID, echoed back), method, path, status, duration, operation name, cost and the error codes it answered with.
 * Headers are not logged (they carry bearer keys). The same numbers feed the request metrics.
 */
export function requestLog(logger: Logger, metrics: Metrics) {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: () => 'request answered',
    customErrorMessage: () => 'request failed',
    customProps: (_req, res) => {
      const meter = meterOf(res);
      return meter ? { operation: meter.operationName, cost: meter.cost, errorCodes: meter.errorCodes } : {};
    },
    customAttributeKeys: { responseTime: 'durationMs' },
    autoLogging: true,
    // Record the metrics where the log line is written, so they agree.
    quietReqLogger: true,
  });
}

/** Counts and times each /graphql request into the metrics when its response is done. */
export function requestMetrics(metrics: Metrics) {
  return (_req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const started = performance.now();
    res.once('finish', () => {
      const meter = meterOf(res);
      const operation = metrics.operationLabel(meter?.operationName ?? null);
      metrics.requests.inc({ operation, status: String(res.statusCode) });
      metrics.duration.observe({ operation }, (performance.now() - started) / 1000);
      if (meter && meter.cost > 0) metrics.cost.observe(meter.cost);
      for (const code of meter?.errorCodes ?? []) metrics.errors.inc({ code });
      if (res.statusCode === 429) metrics.rateLimited.inc();
    });
    next();
  };
}
