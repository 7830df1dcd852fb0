// A minimal Debug Adapter Protocol client over a TCP socket (Content-Length framing), enough to drive `dlv dap`.
import * as net from 'node:net';

export interface DapMessage {
  seq: number;
  type: 'request' | 'response' | 'event';
  command?: string;
  event?: string;
  request_seq?: number;
  success?: boolean;
  message?: string;
  body?: Record<string, unknown>;
}

export class DapClient {
  private buffer = Buffer.alloc(0);
  private seq = 1;
  private readonly pending = new Map<number, { resolve: (m: DapMessage) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: DapMessage) => void>();
  readonly messages: DapMessage[] = [];

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined); // 'close' below fails whatever is pending.
    socket.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('DAP connection closed'));
      this.pending.clear();
    });
  }

  static connect(port: number): Promise<DapClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new DapClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Every message from the adapter, in order (the VS Code tracker's onDidSendMessage). */
  onMessage(listener: (m: DapMessage) => void): void {
    this.listeners.add(listener);
  }

  request(command: string, args: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<DapMessage> {
    const seq = this.seq++;
    const json = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.socket.write(`Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq);
        reject(new Error(`DAP ${command}: no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(seq, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.success) resolve(m);
          else reject(new Error(`DAP ${command} failed: ${m.message ?? JSON.stringify(m.body)}`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Resolves with the first message (already received or future) that matches. */
  waitFor(what: string, match: (m: DapMessage) => boolean, timeoutMs = 20_000): Promise<DapMessage> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener = (m: DapMessage): void => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for DAP ${what}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as DapMessage;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.messages.push(message);
      if (message.type === 'response') this.pending.get(message.request_seq!)?.resolve(message);
      if (message.type === 'response') this.pending.delete(message.request_seq!);
      for (const listener of [...this.listeners]) listener(message);
    }
  }
}
