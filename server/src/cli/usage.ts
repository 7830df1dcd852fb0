// Help texts, the version, and the error that means "the command line is wrong" (exit code 2).
import { version } from '../../../package.json';

export const LEAKLENS_VERSION: string = version;

/** The command line is wrong or names a path that cannot be read: message on stderr, exit code 2. */
export class UsageError extends Error {}

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

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

Analyses .go files; folders are searched recursively, skipping vendor/, testdata/, node_modules/
and hidden folders. Without PATH, the current folder.

Options:
  --format text|json|sarif   output format (default text: file:line:col: rule: message)
  --rules a,b                run only these rules
  --disable a,b              do not run these rules ("unused-suppression" turns off the
                             hints about suppression comments that suppress nothing)
  --max-file-size BYTES      skip bigger files with a warning (default 2000000)
  -h, --help                 this help

Exit codes:
  0  no findings
  1  findings
  2  usage error, or a named PATH that does not exist or cannot be read

Files that cannot be analysed (binary, not UTF-8, too large, unreadable folders) are
skipped with a warning on stderr; they do not change the exit code.
`;
