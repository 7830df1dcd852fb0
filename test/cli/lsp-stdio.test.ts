// `leaklens lsp --stdio` from the CLI bundle: a real editor-style session over stdin/stdout, and a clean exit.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CLI, LEAKY_BODY, LEAKY_BODY_LINE, makeWorkspace, removeWorkspace } from './run-cli';

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** A minimal LSP client: Content-Length framing over the child's stdio, waiting on messages with a timeout. */
class StdioClient {
  private buffer = Buffer.alloc(0);
  private readonly received: Message[] = [];
  private readonly waiters = new Set<() => void>();
  private nextId = 1;

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (let message = this.parseOne(); message; message = this.parseOne()) this.received.push(message);
      for (const wake of this.waiters) wake();
    });
  }

  private parseOne(): Message | undefined {
    const headerEnd = this.buffer.indexOf('\r\n\r\n');
    if (headerEnd < 0) return undefined;
    const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
    if (this.buffer.length < headerEnd + 4 + length) return undefined;
    const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
    this.buffer = this.buffer.subarray(headerEnd + 4 + length);
    return JSON.parse(body) as Message;
  }

  send(message: object): void {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    this.child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined, `response to ${method}`);
  }

  /** Resolves with the first message matching `match`; rejects after `timeoutMs`. */
  waitFor(match: (m: Message) => boolean, what: string, timeoutMs = 30_000): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.received.find(match);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}

let ws: string;
before(() => {
  ws = makeWorkspace({ 'go.mod': 'module example.com/x\n\ngo 1.22\n', 'main.go': LEAKY_BODY });
});
after(() => removeWorkspace(ws));

describe('leaklens lsp --stdio', () => {
  it('publishes diagnostics for an opened Go file and exits cleanly on shutdown + exit', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { cwd: ws, stdio: 'pipe' });
    const exited = once(child, 'exit');
    try {
      const client = new StdioClient(child);
      const rootUri = pathToFileURL(ws).href;
      const init = await client.request('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: null });
      assert.equal((init.result as { serverInfo?: { name: string } }).serverInfo?.name, 'LeakLens');
      client.send({ method: 'initialized', params: {} });
      const uri = `${rootUri}/main.go`;
      client.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'go', version: 1, text: LEAKY_BODY } } });
      const published = await client.waitFor(
        (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri,
        'publishDiagnostics',
      );
      const diagnostics = (published.params as { diagnostics: { code: string; range: { start: { line: number } } }[] }).diagnostics;
      assert.ok(
        diagnostics.some((d) => d.code === 'unclosed-body' && d.range.start.line === LEAKY_BODY_LINE - 1),
        JSON.stringify(diagnostics),
      );
      await client.request('shutdown', null);
      client.send({ method: 'exit' });
      const timeout = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code] = await exited;
      clearTimeout(timeout);
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses other transports with exit code 2', async () => {
    const child = spawn(process.execPath, [CLI, 'lsp', '--socket=7000'], { cwd: ws, stdio: 'pipe' });
    const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = await once(child, 'exit');
    clearTimeout(timeout);
    assert.equal(code, 2);
    assert.match(stderr, /only --stdio is supported/);
  });
});
