// A go test process in its own process group: its output is kept only as a bounded tail (tests may print megabytes),
// and ending it ends everything in the group (go test, the test binary, anything the tests started).
import { spawn, type ChildProcess } from 'node:child_process';

const TAIL_BYTES = 64 * 1024;

export interface GroupExit {
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  /** The last TAIL_BYTES of stdout and stderr, interleaved as they arrived. */
  outputTail: string;
}

export class ProcessGroup {
  private readonly child: ChildProcess;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  readonly exited: Promise<GroupExit>;

  constructor(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    // detached: the child leads a new process group, so that killing -pid reaches its whole tree.
    this.child = spawn(command, args, { ...options, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => resolve({ code: 127, outputTail: err.message }));
      this.child.once('close', (code) => resolve({ code, outputTail: Buffer.concat(this.tail).toString('utf8') }));
    });
  }

  /** SIGKILL to the whole group; a group that is already gone is fine. */
  kill(): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === 'win32') this.child.kill('SIGKILL');
      else process.kill(-pid, 'SIGKILL');
    } catch {
      // ESRCH: every process of the group has ended already.
    }
  }

  private keep(chunk: Buffer): void {
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes - this.tail[0].length >= TAIL_BYTES) this.tailBytes -= this.tail.shift()!.length;
  }
}
