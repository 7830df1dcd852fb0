// CLI entry: leaklens check | health | handles | test | lsp. Each command lives in cli/ and returns its exit code.
// The exit code is set, not forced with process.exit(), so that piped output is flushed completely.
import { runCheck } from './cli/check';
import { runHandles } from './cli/handles';
import { runHealth } from './cli/health';
import { runLsp } from './cli/lsp';
import { runTest } from './cli/test';
import { EXIT_CLEAN, EXIT_USAGE, LEAKLENS_VERSION, MAIN_HELP } from './cli/usage';

type Command = (args: string[]) => Promise<number>;

const COMMANDS = new Map<string, Command>([
  ['check', runCheck],
  ['health', runHealth],
  ['handles', runHandles],
  ['test', runTest],
  ['lsp', runLsp],
]);

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${LEAKLENS_VERSION}\n`);
    return EXIT_CLEAN;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(MAIN_HELP);
    return EXIT_CLEAN;
  }
  const run = command === undefined ? undefined : COMMANDS.get(command);
  if (!run) {
    process.stderr.write(command === undefined ? MAIN_HELP : `leaklens: unknown command "${command}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  return run(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`leaklens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
