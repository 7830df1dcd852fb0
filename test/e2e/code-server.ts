// Runs the code-server that test/setup.sh installs under <repo>/.e2e/cs: everything it writes (user data, extensions,
// XDG folders, temp files) goes under one temp folder, it listens on a free 127.0.0.1 port, and it runs in its own
// process group so stop() ends all of it (killing only the main pid would leave its file watcher behind).
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { listProcesses } from './processes';
import { AbortWaitError, waitFor } from './wait';

export const CODE_SERVER_VERSION = '4.100.3';

/** User settings that keep the workbench quiet and deterministic: no welcome pages, tips, updates or telemetry. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'update.mode': 'none',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

export interface CodeServerPaths {
  /** Root of the repository: code-server is installed under .e2e/cs there. */
  repoRoot: string;
  /** Temp folder that receives everything code-server writes. */
  home: string;
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {}

  /** The pid of code-server, which is also its process group and session id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  static binary(repoRoot: string): string {
    return join(repoRoot, '.e2e', 'cs', 'node_modules', '.bin', 'code-server');
  }

  /** Installs `vsix` into the fresh extensions folder under `paths.home`. */
  static async installExtension(paths: CodeServerPaths, vsix: string): Promise<void> {
    const binary = prepare(paths);
    const { stdout, stderr } = await run(
      binary,
      [...baseArgs(paths.home), '--install-extension', vsix],
      environment(paths.home),
      120_000,
    );
    if (!/successfully installed/i.test(stdout + stderr)) {
      throw new Error(`code-server did not install ${vsix}:\n${stdout}\n${stderr}`);
    }
  }

  static async start(paths: CodeServerPaths, workspace: string): Promise<CodeServer> {
    const binary = prepare(paths);
    const port = await freeLoopbackPort();
    const logFile = join(paths.home, 'code-server.log');
    const args = [
      ...baseArgs(paths.home),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      workspace,
    ];
    // The log file is code-server's stdout and stderr directly: the child keeps its own copy of the descriptor.
    const log = openSync(logFile, 'a');
    let child: ChildProcess;
    try {
      // detached => setsid(): code-server leads its own session and process group.
      child = spawn(binary, args, { env: environment(paths.home), detached: true, stdio: ['ignore', log, log] });
    } finally {
      closeSync(log);
    }
    const server = new CodeServer(child, `http://127.0.0.1:${port}`, logFile);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new AbortWaitError(`code-server exited early (${child.exitCode ?? child.signalCode}):\n${server.logTail()}`);
          }
          return healthy(server.url);
        },
        60_000,
        'code-server to answer /healthz',
      );
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  logTail(lines = 40): string {
    if (!existsSync(this.logFile)) return '(no log)';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  /**
   * Ends the whole process group: SIGTERM, then SIGKILL after 10 s. Then SIGKILLs whatever is left in code-server's
   * session but moved to another group (a terminal's shell, a debuggee started in one).
   */
  async stop(): Promise<void> {
    const group = this.pid;
    if (group <= 0) return;
    signalGroup(group, 'SIGTERM');
    for (let waited = 0; waited < 10_000 && groupAlive(group); waited += 100) await sleep(100);
    signalGroup(group, 'SIGKILL');
    for (const p of listProcesses().filter((p) => p.session === group)) signalProcess(p.pid, 'SIGKILL');
    for (let waited = 0; waited < 5_000 && groupAlive(group); waited += 100) await sleep(100);
  }
}

function baseArgs(home: string): string[] {
  return [
    '--config', join(home, 'config.yaml'),
    '--user-data-dir', join(home, 'user-data'),
    '--extensions-dir', join(home, 'extensions'),
  ];
}

function environment(home: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // Variables of an enclosing VS Code would make code-server act as its CLI or attach to that instance.
  for (const key of Object.keys(env)) if (key.startsWith('VSCODE_')) delete env[key];
  return {
    ...env,
    XDG_CONFIG_HOME: join(home, 'xdg', 'config'),
    XDG_DATA_HOME: join(home, 'xdg', 'data'),
    XDG_CACHE_HOME: join(home, 'xdg', 'cache'),
    XDG_STATE_HOME: join(home, 'xdg', 'state'),
    TMPDIR: join(home, 'tmp'),
  };
}

/** Returns the code-server binary once it is known to be installed and `paths.home` has its folders and settings. */
function prepare(paths: CodeServerPaths): string {
  const binary = CodeServer.binary(paths.repoRoot);
  if (!existsSync(binary)) throw new Error(`code-server is not installed at ${binary}: run bash test/setup.sh`);
  prepareHome(paths.home);
  return binary;
}

function prepareHome(home: string): void {
  for (const dir of ['user-data/User', 'extensions', 'tmp', 'xdg/config', 'xdg/data', 'xdg/cache', 'xdg/state']) {
    mkdirSync(join(home, dir), { recursive: true });
  }
  writeFileSync(join(home, 'config.yaml'), 'auth: none\ncert: false\n');
  const settings = join(home, 'user-data', 'User', 'settings.json');
  if (!existsSync(settings)) writeFileSync(settings, JSON.stringify(USER_SETTINGS, null, 2));
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeout: number) {
  return new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(file, args, { env, timeout, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(`${url}/healthz`, { timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  signalProcess(-group, signal);
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
