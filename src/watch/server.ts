/**
 * `toyscale watch`'s web server: node:http, read-only, a fixed set of routes (the page, its
 * scripts, state.json). Nothing in a URL is ever used as a path: a request either names one of
 * the routes exactly or gets 404, and anything odd (encoded characters, "..", huge URLs, a Host
 * that is not this machine while bound to loopback) gets 400 before routing.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadAssets } from './assets.ts';
import { CurveTails } from './curve-tail.ts';
import { readSweepState } from './sweep-state.ts';

export interface WatchServerOptions {
  sweepDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
}

export interface WatchServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_URL_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

// vega compiles its expressions with new Function, hence 'unsafe-eval'; everything else is 'self'
// only, so the page cannot load or send anything outside this server.
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host);
}

export async function startWatchServer(options: WatchServerOptions): Promise<WatchServer> {
  const assets = loadAssets();
  const tails = new CurveTails(); // curves read incrementally across requests
  const loopbackOnly = isLoopback(options.host);
  const server = http.createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      // A bug must not take the page down for a sweep that runs for hours: answer 500, go on.
      if (!response.headersSent) send(response, request, 500, 'text/plain; charset=utf-8', `internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      else response.destroy();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxHeadersCount = 64;

  function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const method = request.method ?? '';
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return send(response, request, 405, 'text/plain; charset=utf-8', 'read-only: GET and HEAD only\n');
    }
    const route = routeOf(request.url ?? '');
    if (route === null) return send(response, request, 400, 'text/plain; charset=utf-8', 'bad request\n');
    if (loopbackOnly && !hostIsLoopback(request.headers.host)) return send(response, request, 400, 'text/plain; charset=utf-8', 'this server answers requests to 127.0.0.1 or localhost only\n');
    if (route === '/state.json') {
      const body = JSON.stringify(readSweepState(options.sweepDir, tails));
      return send(response, request, 200, 'application/json; charset=utf-8', body);
    }
    const asset = assets.get(route);
    if (!asset) return send(response, request, 404, 'text/plain; charset=utf-8', 'not found\n');
    send(response, request, 200, asset.type, asset.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The route a request URL names, or null when the URL is not one a page of ours would send:
 * too long, not absolute, percent-encoded, a "..", a backslash or a control character.
 */
export function routeOf(url: string): string | null {
  if (url.length === 0 || url.length > MAX_URL_LENGTH || !url.startsWith('/')) return null;
  const pathname = url.split(/[?#]/, 1)[0];
  // eslint-disable-next-line no-control-regex
  if (/%|\\|\.\.|[\x00-\x1f\x7f]/.test(pathname) || pathname.startsWith('//')) return null;
  return pathname;
}

function hostIsLoopback(header: string | undefined): boolean {
  if (!header) return false;
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
  return isLoopback(host.toLowerCase());
}

function send(response: http.ServerResponse, request: http.IncomingMessage, status: number, type: string, body: string | Buffer): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}
