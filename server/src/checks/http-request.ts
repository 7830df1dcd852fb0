// One HTTP exchange over node:http(s): no connection reuse (agent: false closes the socket after each answer), at most
// `maxBodyBytes` of the body kept, the rest never read: the response is destroyed, which releases the socket.
// node:http rather than fetch because its errors carry exact codes (ECONNREFUSED, ECONNRESET, TLS codes) and redirects
// must be counted by hand anyway.
import * as http from 'node:http';
import * as https from 'node:https';

export interface Exchange {
  status: number;
  location?: string;
  /** The first bytes of the body (empty when `readBody` was false). */
  body: Buffer;
  truncated: boolean;
}

export interface ExchangeOptions {
  method: string;
  headers: Array<[string, string]>;
  body?: string;
  /** Aborting destroys the request and the socket; the promise rejects with the signal's reason. */
  signal: AbortSignal;
  maxBodyBytes: number;
  /** When false the body is not read at all (redirect answers): the response is destroyed at once. */
  readBody: (status: number) => boolean;
  ca?: string | Buffer;
}

export function exchange(url: URL, options: ExchangeOptions): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    const { signal } = options;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of options.headers) headers[name] = value;
    if (options.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) {
      headers['Content-Length'] = Buffer.byteLength(options.body);
    }
    const requestOptions: https.RequestOptions = { method: options.method, headers, agent: false, ca: options.ca };
    const request = (url.protocol === 'https:' ? https : http).request(url, requestOptions);
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      finish(() => reject(signal.reason));
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('error', (err) => finish(() => reject(err)));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (!options.readBody(status)) {
        response.destroy();
        finish(() => resolve({ status, location, body: Buffer.alloc(0), truncated: false }));
        return;
      }
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        const room = options.maxBodyBytes - kept;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        kept += Math.min(chunk.length, room);
        if (kept >= options.maxBodyBytes) {
          // Enough for assertions: drop the rest unread and let the socket go.
          response.destroy();
          finish(() => resolve({ status, location, body: Buffer.concat(chunks), truncated: true }));
        }
      });
      response.on('end', () => finish(() => resolve({ status, location, body: Buffer.concat(chunks), truncated: false })));
      response.on('error', (err) => finish(() => reject(err)));
      response.on('close', () => {
        // Closed before 'end' and without an error event: the peer went away mid-body.
        if (!response.complete) finish(() => reject(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' })));
      });
    });
    request.end(options.body);
  });
}
