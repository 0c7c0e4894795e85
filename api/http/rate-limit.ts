import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { RequestMeter } from './request-cost.js';

export interface RateLimitSettings {
  windowMs: number;
  /** Cost points per window for each anonymous client IP (0: unlimited). */
  anonymous: number;
  /** Cost points per window for each bearer key (0: unlimited). */
  keyed: number;
}

/**
 * Fixed-window budgets of cost points: every request is charged 1 when it arrives (and refused once the window's
 * budget is spent) and the rest of its cost when it is answered, so a `traceText` of 60 KB spends ~3,800 points and a
 * `{ __typename }` one.
 */
class CostWindows {
  constructor(private readonly windowMs: number) {}
  private readonly windows = new Map<string, { spent: number; resetAt: number }>();
  private sinceSweep = 0;

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

  /** Charges the point every request pays on arrival; the window, to decide and to say when it ends. */
  arrive(key: string): { spent: number; resetAt: number } {
    const w = this.window(key);
    w.spent += 1;
    return w;
  }

  charge(key: string, points: number): void {
    this.window(key).spent += points;
  }
}

/**
 * What a failed key (HTTP 401) costs its caller's address. A made-up key is looked up in Neo4j like a real one, and
 * each new key would otherwise start a fresh budget of its own: failures are charged to the address instead, so by
 * default an address can try 600 wrong keys a minute (the anonymous budget / 100) before its keyed requests wait.
 */
export const AUTH_FAILURE_POINTS = 100;

const bearerOf = (req: Request) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * Rate limits for /graphql: per bearer key for keyed callers, per client IP (an IPv6 /56) for anonymous ones, charged
 * by each request's cost (RequestMeter). Over budget: HTTP 429 with `Retry-After` (seconds to the window's end) and
 * `RateLimit` headers, before the request is parsed. docs/architecture.md#rate-limits
 */
export function rateLimits(settings: RateLimitSettings): RequestHandler {
  if (settings.anonymous === 0 && settings.keyed === 0) return (_req, _res, next) => next();
  const windows = new CostWindows(settings.windowMs);
  const windowSeconds = Math.ceil(settings.windowMs / 1000);
  const addressOf = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
  // Computed once per request: the limiter asks for it when the request arrives, the charge when it is answered.
  const keys = new WeakMap<Request, string>();
  const keyOf = (req: Request) => {
    let key = keys.get(req);
    if (key === undefined) {
      const bearer = bearerOf(req);
      // The key itself never sits in memory as a map key; its hash does.
      key = bearer ? `key:${createHash('sha256').update(bearer).digest('hex').slice(0, 32)}` : addressOf(req);
      keys.set(req, key);
    }
    return key;
  };
  // Failed keys have a budget per address of their own, as big as the anonymous one: an address that keeps sending bad
  // keys is refused its keyed requests, without touching its anonymous budget or other addresses' keys.
  const failuresOf = (req: Request) => `auth-failures:${addressOf(req)}`;
  const refuse = (res: Response, resetTime: Date | undefined, why: (window: string) => string) => {
    const seconds = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now()) - Date.now()) / 1000));
    res.status(429).json({
      errors: [{
        message: `${why(`this ${settings.windowMs / 1000} s window`)}; retry in ${seconds} s.`,
        extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: seconds },
      }],
    });
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (bearerOf(req) && settings.anonymous > 0) {
      const failures = windows.get(failuresOf(req));
      if (failures && failures.totalHits >= settings.anonymous) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil((failures.resetTime.getTime() - Date.now()) / 1000))));
        refuse(res, failures.resetTime, (window) => `Too many unknown or revoked keys from this address: each costs ${AUTH_FAILURE_POINTS} of its ${settings.anonymous} points for ${window}`);
        return;
      }
    }
    res.once('finish', () => {
      if (res.statusCode === 401 && bearerOf(req)) {
        windows.charge(failuresOf(req), AUTH_FAILURE_POINTS);
        return;
      }
      // A request refused before it ran (400: over the cost limit, bad query; 429) did no work to charge for.
      const meter = res.locals.meter as RequestMeter | undefined;
      if (meter && meter.cost > 1 && res.statusCode !== 400 && res.statusCode !== 429) windows.charge(keyOf(req), meter.cost - 1);
    });
    const limit = bearerOf(req) ? settings.keyed : settings.anonymous;
    // 0: this kind of caller is not limited (the other kind is): no budget to spend or to announce.
    if (limit === 0) return next();
    const w = windows.arrive(keyOf(req));
    // IETF RateLimit headers (draft-ietf-httpapi-ratelimit-headers-08): the policy and what is left of it.
    const resetSeconds = Math.max(0, Math.ceil((w.resetAt - Date.now()) / 1000));
    res.setHeader('RateLimit-Policy', `"strata"; q=${limit}; w=${windowSeconds}`);
    res.setHeader('RateLimit', `"strata"; r=${Math.max(0, limit - w.spent)}; t=${resetSeconds}`);
    if (w.spent > limit) {
      res.setHeader('Retry-After', String(Math.max(1, resetSeconds)));
      refuse(res, new Date(w.resetAt), (window) => `Too many requests: this ${bearerOf(req) ? 'key' : 'address'} has spent its ${limit} cost points for ${window}`);
      return;
    }
    next();
  };
}
