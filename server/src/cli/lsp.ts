// `leaklens lsp --stdio`: the language server for editors other than VS Code (Neovim, Helix, …), in this process.
// stdout then belongs to the protocol: nothing else may be written to it.
import { startServer } from '../lsp/start';
import { EXIT_CLEAN, EXIT_USAGE } from './usage';

export const LSP_HELP = `Usage: leaklens lsp --stdio

Starts the LeakLens language server speaking LSP over stdin/stdout. It exits when the
editor sends "exit" or closes the stream.
`;

export async function runLsp(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(LSP_HELP);
    return EXIT_CLEAN;
  }
  if (args.length !== 1 || args[0] !== '--stdio') {
    process.stderr.write(`leaklens lsp: only --stdio is supported\n\n${LSP_HELP}`);
    return EXIT_USAGE;
  }
  // startServer() reads the transport (--stdio) from process.argv, where it is.
  startServer();
  return EXIT_CLEAN;
}
