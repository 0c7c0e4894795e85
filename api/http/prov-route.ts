import cors from 'cors';
import express from 'express';
import { badInput } from '../core/errors.js';
import { provContext } from '../interop/prov.js';
import type { GraphStore } from '../store/graph-store.js';
import { exportProv } from '../use-cases/export-prov.js';
import { publicOrigin, sendError } from './http-errors.js';

/**
 * `GET /prov/{globalId}?maxDepth=N&first=F&after=C`: a node's upstream lineage as W3C PROV-O JSON-LD, and
 * `GET /prov/context.jsonld`, the context its documents name (docs/architecture.md#prov-o-export). Anonymous, like
 * every read. Content negotiation: JSON-LD (or plain JSON, the same document); anything else is 406.
 */
const SERVED = ['application/ld+json', 'application/json'];

function negotiate(req: express.Request, res: express.Response): string | null {
  const type = req.accepts(SERVED);
  if (type) return type;
  res.status(406).json({ error: { message: `This resource is served as ${SERVED.join(' or ')}; send "Accept: application/ld+json".`, code: 'NOT_ACCEPTABLE' } });
  return null;
}

/** A query parameter that must be an integer when present (400 names it otherwise). */
function integerParam(query: Record<string, unknown>, name: string): number | null {
  const value = query[name];
  if (value === undefined) return null;
  if (typeof value === 'string' && /^-?\d{1,6}$/.test(value)) return Number(value);
  throw badInput(`${name} must be an integer, got ${JSON.stringify(value).slice(0, 40)}.`, name);
}

export function provRoute(graph: GraphStore, options: { publicUrl?: string; production: boolean }): express.Router {
  const router = express.Router();
  // Read by anyone, from anywhere: a lineage catalogue in a browser fetches the document and its context.
  router.use('/prov', cors());
  router.get('/prov/context.jsonld', (req, res) => {
    const type = negotiate(req, res);
    if (!type) return;
    res.type(type).setHeader('cache-control', 'public, max-age=3600');
    res.send(JSON.stringify(provContext(publicOrigin(req, options.publicUrl))));
  });
  router.get('/prov/:globalId', async (req, res) => {
    const type = negotiate(req, res);
    if (!type) return;
    try {
      const origin = publicOrigin(req, options.publicUrl);
      const query = req.query as Record<string, unknown>;
      const document = await exportProv(graph, origin, {
        of: req.params.globalId,
        maxDepth: integerParam(query, 'maxDepth'),
        first: integerParam(query, 'first'),
        after: typeof query.after === 'string' ? query.after : null,
      });
      const page = (document['@graph'] as Array<Record<string, unknown>>)[0]!;
      const links = [`<${document['@context']}>; rel="http://www.w3.org/ns/json-ld#context"`];
      if (typeof page.nextPage === 'string') links.push(`<${page.nextPage}>; rel="next"`);
      res.type(type).setHeader('link', links.join(', '));
      res.send(JSON.stringify(document));
    } catch (error) {
      sendError(res, error, options.production);
    }
  });
  return router;
}
