// Real loopback servers for the health-check tests: one routing HTTP(S) handler with every behaviour the runner must
// categorise, a slowloris that trickles headers, and a port with nothing listening. Each server tracks its sockets so
// close() ends everything it started.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestServer {
  url: string;
  /** Request headers the server has seen, newest last. */
  seenHeaders: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

export const HUGE_BODY_BYTES = 100 * 1024 * 1024;

/** Sends a TCP RST on the connection that carries `req` (for TLS, on the raw socket underneath). */
type Resetter = (req: http.IncomingMessage) => void;

function route(req: http.IncomingMessage, res: http.ServerResponse, timers: Set<NodeJS.Timeout>, reset: Resetter): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  switch (url.pathname) {
    case '/ok':
      res.end('status: ok');
      return;
    case '/delay':
      later(Number(url.searchParams.get('ms') ?? '50'), () => res.end('ok'));
      return;
    case '/moved':
      res.writeHead(301, { Location: '/ok' }).end();
      return;
    case '/redirect':
      res.writeHead(302, { Location: url.searchParams.get('to') ?? '/ok' }).end();
      return;
    case '/unavailable':
      res.writeHead(503).end('down');
      return;
    case '/slow':
      later(30_000, () => res.end('too late'));
      return;
    case '/reset':
      res.writeHead(200, { 'Content-Length': '100000' });
      res.write('partial body…');
      later(20, () => reset(req));
      return;
    case '/loop':
      res.writeHead(302, { Location: `/loop?n=${Number(url.searchParams.get('n') ?? '0') + 1}` }).end();
      return;
    case '/huge': {
      res.writeHead(200, { 'Content-Length': String(HUGE_BODY_BYTES) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = (): void => {
        while (sent < HUGE_BODY_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    default:
      res.writeHead(404).end('no such route');
  }
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

interface Tracked {
  close(): Promise<void>;
  reset: Resetter;
}

function track(server: net.Server, timers: Set<NodeJS.Timeout>): Tracked {
  // For TLS servers 'connection' gives the raw TCP socket, which is what must be destroyed or reset.
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const reset: Resetter = (req) => {
    for (const socket of sockets) if (socket.remotePort === req.socket.remotePort) socket.resetAndDestroy();
  };
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { close, reset };
}

export async function startHttpServer(): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const seenHeaders: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seenHeaders.push(req.headers);
    route(req, res, timers, tracked.reset);
  });
  const tracked = track(server, timers);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, seenHeaders, close: tracked.close };
}

export interface Certificate {
  key: string;
  cert: string;
}

/** A fresh self-signed certificate, by default for 127.0.0.1 and localhost, made with openssl. */
export function makeSelfSignedCertificate(subjectAltName = 'IP:127.0.0.1,DNS:localhost'): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leaklens-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
      '-addext', `subjectAltName=${subjectAltName}`,
    ], { stdio: 'ignore', timeout: 20_000 });
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHttpsServer(certificate: Certificate): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const seenHeaders: http.IncomingHttpHeaders[] = [];
  const server = https.createServer(certificate, (req, res) => {
    seenHeaders.push(req.headers);
    route(req, res, timers, tracked.reset);
  });
  const tracked = track(server, timers);
  const port = await listen(server);
  return { url: `https://127.0.0.1:${port}`, seenHeaders, close: tracked.close };
}

/** Accepts connections and sends a status line, then one header byte every 100 ms, never finishing the headers. */
export async function startSlowloris(): Promise<TestServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('HTTP/1.1 200 OK\r\nX-Slow: ');
    const timer = setInterval(() => socket.write('a'), 100);
    timers.add(timer);
    socket.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  const { close } = track(server, timers);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, seenHeaders: [], close };
}

/** A loopback port that was just free: nothing listens on it. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
