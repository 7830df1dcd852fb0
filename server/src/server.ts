// Language server entry (dist/server.js): LSP wiring lives in ./lsp/start.ts.
import { startServer } from './lsp/start';

startServer();
