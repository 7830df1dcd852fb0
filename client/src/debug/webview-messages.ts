// The messages between the Handles webview and the extension, typed on both ends. The webview is a separate document,
// so what it posts is checked before use (parseViewMessage), never trusted by shape. Pure: unit-tested.

/** Extension → webview. */
export type HostMessage = { type: 'render'; html: string };

/** Webview → extension. */
export type ViewMessage = { action: 'ready' } | { action: 'openStack'; file: string; line: number };

export function parseViewMessage(message: unknown): ViewMessage | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (m.action === 'ready') return { action: 'ready' };
  if (m.action === 'openStack' && typeof m.file === 'string' && m.file !== '' && Number.isInteger(m.line) && (m.line as number) > 0) {
    return { action: 'openStack', file: m.file, line: m.line as number };
  }
  return undefined;
}
