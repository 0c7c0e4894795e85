/**
 * A tiny static server for the fixture pages, on 127.0.0.1 (a host the extension's content script runs on).
 * Pages are templates: `{{answer}}` becomes escaped <p> paragraphs, `{{xJson}}` a JSON value safe inside <script>,
 * `{{xHtml}}` markup the test rendered itself (a markdown answer as a site renders it), any other `{{x}}` escaped text. Each test registers the pages it needs under a path of its own.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Paragraphs as the sites render them: blank lines split paragraphs, single newlines become <br>. */
export function paragraphsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}

export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export interface FixtureServer {
  origin: string;
  /** Registers a page built from a template; returns its URL. */
  page(path: string, template: string, vars: Record<string, unknown>): string;
  close(): Promise<void>;
}

export async function startFixtureServer(dir: string): Promise<FixtureServer> {
  const pages = new Map<string, { template: string; vars: Record<string, unknown> }>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      try {
        if (url.pathname === '/fixture.css') {
          res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
          res.end(await readFile(join(dir, 'fixture.css')));
          return;
        }
        const page = pages.get(url.pathname);
        if (!page) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('not found');
          return;
        }
        const template = await readFile(join(dir, page.template), 'utf8');
        const html = template.replace(/\{\{(\w+)\}\}/g, (_m, key: string) => {
          const v = page.vars[key];
          if (key.endsWith('Json')) return scriptJson(v);
          if (key.endsWith('Html')) return String(v ?? '');
          if (key === 'answer') return paragraphsHtml(String(v ?? ''));
          return escapeHtml(String(v ?? ''));
        });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      } catch (e) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(e));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    page(path, template, vars) {
      pages.set(path, { template, vars });
      return `${origin}${path}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
