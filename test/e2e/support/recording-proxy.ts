/**
 * Stands between the extension and the API and keeps every request body, so a test can say what left the browser
 * (e.g. that no request carried an answer's text before the user asked). The target can change (API restarts).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  url: string;
  bodies: string[];
  setTarget(url: string): void;
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  let to = new URL(target);
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length > 0) bodies.push(body.toString('utf8'));
      const out = httpRequest(
        { host: to.hostname, port: to.port, path: to.pathname + to.search, method: req.method, headers: { ...req.headers, host: to.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      // The API is down: the browser sees what it would see (a refused connection closes the socket).
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${to.pathname}`,
    bodies,
    setTarget(url) {
      to = new URL(url);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
