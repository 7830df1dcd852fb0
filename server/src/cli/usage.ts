// What every command shares: help texts, the version, one command-line parser (node:util parseArgs), the error that
// means "the command line is wrong" and the exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version } from '../../../package.json';

export const LEAKLENS_VERSION: string = version;

/**
 * The command line is wrong or names a path that cannot be read: message on stderr, exit code 2. `showUsage` false
 * prints the message alone (a check file's file:line:col list is no usage mistake).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = true,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

// The exit codes of every command.
/** Nothing found, every check healthy, all samples taken. */
export const EXIT_CLEAN = 0;
/** Findings, or a check unhealthy or failed. */
export const EXIT_FINDINGS = 1;
/** A usage error, or a named input that cannot be read. */
export const EXIT_USAGE = 2;

/** node:util parseArgs (strict), its errors turned into UsageErrors worded like the rest of the CLI. */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(args: readonly string[], config: T): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs<T & { strict: true }>({ ...config, args: [...args], strict: true });
  } catch (err) {
    throw new UsageError(parseArgsMessage(err));
  }
}

function parseArgsMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // "Option '-h, --help' …", "Option '--format <value>' …", "Unknown option '--x'": the long form when there is one.
  const option = /'(?:-\w, )?(-[^' ]*)/.exec(message)?.[1];
  const argument = /'([^']*)'/.exec(message)?.[1];
  switch ((err as { code?: string }).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? argument}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(argument)}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return `${option} takes no value`;
      if (/ambiguous/.test(message)) return `${option} needs a value (write ${option}=VALUE for a value that starts with "-")`;
      return `${option} needs a value`;
    default:
      return message;
  }
}

/** A whole number ≥ `min` given to `flag`. */
export function wholeNumber(flag: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${flag} needs a whole number ≥ ${min}, not ${JSON.stringify(text)}`);
  return n;
}

/** One of `choices` given to `flag`, or `fallback` when it was not given. */
export function oneOf<C extends string>(flag: string, text: string | undefined, choices: readonly C[], fallback: C): C {
  if (text === undefined) return fallback;
  if ((choices as readonly string[]).includes(text)) return text as C;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not ${JSON.stringify(text)}`);
}

/**
 * Runs a command's body; a UsageError becomes its message on stderr (with a pointer to the help) and exit code 2.
 * Every command reports its usage errors the same way through this.
 */
export async function runCommand(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(err.showUsage ? `leaklens ${command}: ${err.message}\nRun "leaklens ${command} --help" for usage.\n` : `${err.message}\n`);
    return EXIT_USAGE;
  }
}

export const MAIN_HELP = `LeakLens ${version}: leak hints for long-running Go automation programs.

Usage:
  leaklens check [options] [PATH...]   analyse Go files and folders (default: .)
  leaklens health [options] FILE...    run the HTTP health checks of .checks files
  leaklens handles [options]           sample the open handles of a running process
  leaklens test [options] [PACKAGES...] run go test with the Go runtime's leak detector (-- GO_TEST_FLAGS)
  leaklens lsp --stdio                 start the language server for other editors
  leaklens --version | --help

Run "leaklens <command> --help" for a command's options.
`;

export const CHECK_HELP = `Usage: leaklens check [options] [PATH...]

Analyses .go files; folders are searched recursively, skipping vendor/, testdata/, node_modules/,
hidden folders and folders whose name starts with _ (the go tool ignores them). Without PATH, the current folder.

Options:
  --format text|json|sarif   output format (default text: file:line:col: rule: message)
  --rules a,b                run only these rules (also turns on a rule off by default)
  --disable a,b              do not run these rules ("unused-suppression" turns off the
                             hints about suppression comments that suppress nothing)
  --max-file-size BYTES      skip bigger files with a warning (default 2000000)
  --include-scaffolding      analyse test code too: _test.go files, test, bench and
                             script folders (test/, bench/, scripts/,
                             internal/testutil/, …), files importing a test
                             framework, code generators run by
                             //go:generate go run, functions taking a *testing.T
  -h, --help                 this help

Exit codes:
  0  no findings
  1  findings
  2  usage error, or a named PATH that does not exist, cannot be read or is not a
     regular file or folder

Files that cannot be analysed (binary, not UTF-8, too large, unreadable folders) are
skipped with a warning on stderr; they do not change the exit code.
`;
