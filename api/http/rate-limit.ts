import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { RequestMeter } from './request-cost.js';

export interface RateLimitSettings {
  windowMs: number;
  /** Cost points per window for each anonymous client IP (0: unlimited). */
  anonymous: number;
  /** Cost points per window for each bearer key (0: unlimited). */
  keyed: number;
}

/**
 * Fixed-window budgets of cost points: every request is charged 1 when it arrives (express-rate-limit's increment,
 * which refuses it once the window's budget is spent) and the rest of its cost when it is answered, so a `traceText`
 * of 60 KB spends ~3,800 points and a `{ __typename }` one.
 */
class CostWindows implements Store {
  localKeys = true;
  private windowMs = 60_000;
  private readonly windows = new Map<string, { spent: number; resetAt: number }>();
  private sinceSweep = 0;

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  private window(key: string) {
    const now = Date.now();
    // Windows of clients gone quiet would pile up: drop the expired ones now and then.
    if (++this.sinceSweep >= 10_000) {
      this.sinceSweep = 0;
      for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    }
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { spent: 0, resetAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }

  get(key: string) {
    const w = this.windows.get(key);
    return w && w.resetAt > Date.now() ? { totalHits: w.spent, resetTime: new Date(w.resetAt) } : undefined;
  }

  increment(key: string): IncrementResponse {
    const w = this.window(key);
    w.spent += 1;
    return { totalHits: w.spent, resetTime: new Date(w.resetAt) };
  }

  charge(key: string, points: number): void {
    this.window(key).spent += points;
  }

  decrement(key: string): void {
    const w = this.windows.get(key);
    if (w) w.spent = Math.max(0, w.spent - 1);
  }

  resetKey(key: string): void {
    this.windows.delete(key);
  }
}

const bearerOf = (req: Request) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * Rate limits for /graphql: per bearer key for keyed callers, per client IP (an IPv6 /56) for anonymous ones, charged
 * by each request's cost (RequestMeter). Over budget: HTTP 429 with `Retry-After` (seconds to the window's end) and
 * `RateLimit` headers, before the request is parsed. docs/architecture.md#rate-limits
 */
export function rateLimits(settings: RateLimitSettings): RequestHandler {
  if (settings.anonymous === 0 && settings.keyed === 0) return (_req, _res, next) => next();
  const windows = new CostWindows();
  const keyOf = (req: Request) => {
    const bearer = bearerOf(req);
    // The key itself never sits in memory as a map key; its hash does.
    return bearer ? `key:${createHash('sha256').update(bearer).digest('hex').slice(0, 32)}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
  };
  const limiter = rateLimit({
    windowMs: settings.windowMs,
    store: windows,
    keyGenerator: keyOf,
    limit: (req) => (bearerOf(req) ? settings.keyed : settings.anonymous) || Number.MAX_SAFE_INTEGER,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const info = (req as Request & { rateLimit: { limit: number; resetTime?: Date } }).rateLimit;
      const seconds = Math.max(1, Math.ceil(((info.resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
      res.status(429).json({
        errors: [{
          message: `Too many requests: this ${bearerOf(req) ? 'key' : 'address'} has spent its ${info.limit} cost points for this ${settings.windowMs / 1000} s window; retry in ${seconds} s.`,
          extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: seconds },
        }],
      });
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => {
      // A request refused before it ran (400: over the cost limit, bad query; 429) did no work to charge for.
      const meter = res.locals.meter as RequestMeter | undefined;
      if (meter && meter.cost > 1 && res.statusCode !== 400 && res.statusCode !== 429) windows.charge(keyOf(req), meter.cost - 1);
    });
    void limiter(req, res, next);
  };
}
