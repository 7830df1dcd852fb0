// CLI entry: leaklens check | health | handles | test | lsp. Each command lives in cli/ and returns its exit code.
// The exit code is set, not forced with process.exit(), so that piped output is flushed completely.
import { EXIT_CLEAN, EXIT_USAGE, LEAKLENS_VERSION, MAIN_HELP } from './cli/usage';

type Command = (args: string[]) => Promise<number>;

// Loaded on use: a command does not pay for the others' start-up (the analyser, TLS roots of the health checks), which
// `leaklens test` feels, being compared with a bare `go test`.
const COMMANDS = new Map<string, () => Promise<Command>>([
  ['check', async () => (await import('./cli/check')).runCheck],
  ['health', async () => (await import('./cli/health')).runHealth],
  ['handles', async () => (await import('./cli/handles')).runHandles],
  ['test', async () => (await import('./cli/test')).runTest],
  ['lsp', async () => (await import('./cli/lsp')).runLsp],
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
  const load = command === undefined ? undefined : COMMANDS.get(command);
  if (!load) {
    process.stderr.write(command === undefined ? MAIN_HELP : `leaklens: unknown command "${command}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  const run = await load();
  return run(args);
}

// A reader that goes away (`leaklens check … | head`) must not crash the CLI with an unhandled EPIPE: the rest of the
// output is unwanted, so it is dropped and the command ends as it would have.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`leaklens: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
