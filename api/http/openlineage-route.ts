import express from 'express';
import { viewerFromAuthorization } from '../auth/viewer.js';
import { unauthenticated } from '../core/errors.js';
import { encodeGlobalId } from '../core/global-id.js';
import type { GraphStore } from '../store/graph-store.js';
import { actorOf } from '../use-cases/actor.js';
import { ingestRunEvent } from '../use-cases/ingest-run-event.js';
import { sendError } from './http-errors.js';

/**
 * `POST /api/v1/lineage`: where OpenLineage's HTTP transport posts RunEvents (its default endpoint), with a Strata API
 * key as the transport's bearer token (docs/architecture.md#openlineage-ingest). 201 for a new event, 200 for a
 * replay of one already received; errors as JSON with `code` and, for a malformed event, `field` = the JSON path.
 */
export function openLineageRoute(graph: GraphStore, options: { adminKey: string | undefined; production: boolean }): express.Router {
  const router = express.Router();
  router.post(
    '/api/v1/lineage',
    // Events with schema and column-lineage facets get large; the spec sets no limit, this server does.
    express.json({ limit: '5mb', type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      try {
        const viewer = await viewerFromAuthorization(req.headers.authorization, graph, options.adminKey);
        if (viewer.contributorId === null && !viewer.roles.has('ADMIN')) {
          throw unauthenticated('Posting lineage events needs an API key: configure the OpenLineage HTTP transport with it as the bearer token.');
        }
        if (!req.is(['application/json', 'application/*+json'])) {
          res.status(415).json({ error: { message: 'Send the event as JSON (Content-Type: application/json).', code: 'BAD_REQUEST' } });
          return;
        }
        const result = await ingestRunEvent(graph, actorOf(viewer), req.body);
        res.status(result.duplicate ? 200 : 201).json({
          runId: result.runId,
          eventType: result.eventType,
          duplicate: result.duplicate,
          adapter: result.adapterId ? { id: encodeGlobalId('Adapter', result.adapterId) } : null,
        });
      } catch (error) {
        sendError(res, error, options.production);
      }
    },
  );
  // A body that is not JSON, or too large, never reaches the handler: answer it in the same JSON shape.
  router.use('/api/v1/lineage', (error: { type?: string; limit?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error?.type === 'entity.too.large') {
      res.status(413).json({ error: { message: `The event is over this server's limit of ${error.limit} bytes.`, code: 'BAD_USER_INPUT' } });
    } else if (error?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { message: 'The request body is not valid JSON.', code: 'BAD_USER_INPUT', field: '$' } });
    } else {
      next(error);
    }
  });
  return router;
}
