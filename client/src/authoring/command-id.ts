// The id of "LeakLens: New Automation Script…" (declared in package.json), free of vscode so tests can import it.
export const NEW_SCRIPT_COMMAND_ID = 'leaklens.newScript';
