// Process lifecycle of the built server: shutdown + exit ends it promptly with code 0, with nothing left behind;
// exit without shutdown and a vanished client end it too.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { LEAKY_POLLER } from './goSources';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { LspTestClient, SERVER, withTimeout } from './lspClient';

/** PIDs whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent PID; the command name (field 2) may hold spaces but is parenthesised.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('server lifecycle', () => {
  test('over Node IPC, as VS Code starts it: initialize, diagnostics, shutdown, exit 0', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    // The user turned time-after-in-loop (off by default) on, so LEAKY_POLLER's timer is reported.
    connection.onRequest('workspace/configuration', () => [{ rules: { 'time-after-in-loop': 'warning' } }]);
    connection.listen();
    try {
      const init = await withTimeout(
        connection.sendRequest<{ capabilities: { diagnosticProvider?: unknown } }>('initialize', {
          processId: process.pid,
          rootUri: null,
          capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
        }),
        60_000,
        'initialize over IPC',
      );
      assert.ok(init.capabilities.diagnosticProvider, 'pull diagnostics offered to a client that supports them');
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: 'untitled:ipc', languageId: 'go', version: 1, text: LEAKY_POLLER },
      });
      const report = await withTimeout(
        connection.sendRequest<{ items: { code: string }[] }>('textDocument/diagnostic', { textDocument: { uri: 'untitled:ipc' } }),
        30_000,
        'diagnostics over IPC',
      );
      assert.ok(report.items.some((d) => d.code === 'time-after-in-loop'));
      await withTimeout(connection.sendRequest('shutdown'), 5_000, 'shutdown');
      await connection.sendNotification('exit');
      assert.equal(await withTimeout(exited, 5_000, 'exit over IPC'), 0);
    } finally {
      connection.dispose();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  test('shutdown then exit: exit code 0 within a second or so, no child process, nothing left running', async () => {
    const client = await LspTestClient.start({ pull: false });
    try {
      const pid = client.child.pid!;
      await client.open('file:///tmp/leaklens-life/a.go', LEAKY_POLLER);
      await client.waitFor('diagnostics', () => client.published.get('file:///tmp/leaklens-life/a.go'));
      assert.deepEqual(childrenOf(pid), [], 'the server starts no child processes');
      const started = Date.now();
      assert.equal(await client.shutdown(5_000), 0);
      assert.ok(Date.now() - started < 5_000);
      assert.equal(isAlive(pid), false);
    } finally {
      await client.dispose();
    }
  });

  test('exit without shutdown ends the process with code 1 (as LSP specifies)', async () => {
    const client = await LspTestClient.start({ pull: true });
    try {
      const exited = new Promise<number | null>((resolve) => client.child.once('exit', resolve));
      await client.connection.sendNotification('exit');
      assert.equal(await withTimeout(exited, 5_000, 'exit'), 1);
    } finally {
      await client.dispose();
    }
  });

  test('the server ends when its client goes away (stdin closed)', async () => {
    const client = await LspTestClient.start({ pull: true });
    try {
      const exited = new Promise<number | null>((resolve) => client.child.once('exit', resolve));
      client.child.stdin!.end();
      await withTimeout(exited, 5_000, 'exit after stdin closed');
    } finally {
      await client.dispose();
    }
  });
});
