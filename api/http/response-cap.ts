import type { NextFunction, Request, Response } from 'express';

/**
 * The last bound: a GraphQL response body over `maxBytes` is not sent; the client gets a BAD_USER_INPUT error saying
 * how big it would have been. Costs and list-argument checks keep responses small before they are computed; this
 * catches what they miss (a cost estimate is an estimate) so one request cannot make the server push hundreds of MB.
 * It wraps `res.send`, which Apollo's Express integration calls once with the whole serialised body.
 */
export function responseCap(maxBytes: number) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      // A UTF-8 string is at most 3 bytes per UTF-16 unit: measure only when it could be over.
      if (typeof body === 'string' && body.length * 3 > maxBytes) {
        const bytes = Buffer.byteLength(body);
        if (bytes > maxBytes) {
          res.status(400).type('application/json');
          return send(JSON.stringify({
            errors: [{ message: `The response would be ${bytes} bytes, over this server's limit of ${maxBytes}; ask for fewer or smaller things per request.`, extensions: { code: 'BAD_USER_INPUT' } }],
          }));
        }
      }
      return send(body as never);
    };
    next();
  };
}
