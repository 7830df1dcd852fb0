// One bounded HTTP GET for pprof: a hard timeout (a paused Go program accepts the connection but never answers), a size
// cap, no keep-alive (no socket outlives the request), cancellable through an AbortSignal.
import * as http from 'node:http';

export interface GetResult {
  status: number;
  body: string;
}

export interface GetOptions {
  timeoutMs: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export class HttpGetError extends Error {
  constructor(url: string, detail: string) {
    super(`GET ${url}: ${detail}`);
    this.name = 'HttpGetError';
  }
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export function httpGet(url: string, options: GetOptions): Promise<GetResult> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new HttpGetError(url, 'not a valid URL'));
  }
  if (parsed.protocol !== 'http:') return Promise.reject(new HttpGetError(url, 'only http:// URLs are supported'));
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve, reject) => {
    let settled = false;
    /** Settles once, whatever fires first (answer, error, cut-short body, deadline); clears the deadline. */
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outcome();
    };
    const fail = (detail: string): void => {
      finish(() => reject(new HttpGetError(url, detail)));
      request.destroy();
    };
    const request = http.get(parsed, { agent: false, signal: options.signal, timeout: options.timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`response larger than ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      response.on('end', () => finish(() => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })));
      // A body cut short (the connection closed before its end) is an error, never a shorter answer.
      response.on('error', () => fail('the answer was cut short (the connection closed mid-body)'));
      response.on('close', () => {
        if (!response.complete) fail('the answer was cut short (the connection closed mid-body)');
      });
    });
    // `timeout` above only covers idle sockets; the deadline bounds the whole exchange, a slow trickle included.
    const deadline = setTimeout(() => fail(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    request.on('timeout', () => fail(`no answer within ${options.timeoutMs} ms`));
    request.on('error', (err) => finish(() => reject(err instanceof HttpGetError ? err : new HttpGetError(url, err.message))));
  });
}
