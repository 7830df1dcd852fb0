// Test-only stand-in for the Go extension's debugger (which cannot be installed here): the `go` debug type, served by
// a real `dlv dap` listening on a loopback port. Like the Go extension, Delve runs with the launch configuration's
// `env` (so GOEXPERIMENT reaches the build Delve does) and in its own process group, ended with the session.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');
const vscode = require('vscode');

const LISTENING = /DAP server listening at: (?:\[?[\d.:a-f]*\]?):(\d+)/;
const START_TIMEOUT_MS = 30000;

function findDlv() {
  const gopath = process.env.GOPATH || join(process.env.HOME || '/root', 'go');
  for (const dir of [...(process.env.PATH || '').split(':'), join(gopath, 'bin')]) {
    if (dir && existsSync(join(dir, 'dlv'))) return join(dir, 'dlv');
  }
  throw new Error('dlv not found on PATH or in $GOPATH/bin (test/setup.sh installs it)');
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const servers = new Map();
  const output = vscode.window.createOutputChannel('Go debug (e2e)');
  context.subscriptions.push(
    output,
    vscode.debug.registerDebugAdapterDescriptorFactory('go', {
      createDebugAdapterDescriptor(session) {
        const config = session.configuration;
        const cwd = config.cwd || (config.program && existsSync(config.program) && !config.program.endsWith('.go') ? config.program : dirname(config.program || '.'));
        const child = spawn(findDlv(), ['dap', '--listen=127.0.0.1:0'], {
          cwd,
          env: { ...process.env, ...(config.env || {}) },
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        servers.set(session.id, child);
        child.stderr.on('data', (chunk) => output.append(String(chunk)));
        return new Promise((resolve, reject) => {
          let seen = '';
          const timer = setTimeout(() => {
            killGroup(child);
            reject(new Error(`dlv dap did not listen within ${START_TIMEOUT_MS} ms: ${seen}`));
          }, START_TIMEOUT_MS);
          child.stdout.on('data', (chunk) => {
            output.append(String(chunk));
            seen += String(chunk);
            const match = LISTENING.exec(seen);
            if (match) {
              clearTimeout(timer);
              resolve(new vscode.DebugAdapterServer(Number(match[1]), '127.0.0.1'));
            }
          });
          child.on('error', (err) => {
            clearTimeout(timer);
            reject(err);
          });
          child.on('exit', () => clearTimeout(timer));
        });
      },
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      const child = servers.get(session.id);
      if (!child) return;
      servers.delete(session.id);
      killGroup(child);
    }),
    { dispose: () => servers.forEach(killGroup) },
  );
}

module.exports = { activate, deactivate() {} };
