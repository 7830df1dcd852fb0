// The Handles webview's static shell: strict CSP (a nonce for the one script and style), VS Code theme colours, and a
// script that swaps in rendered HTML and turns clicks on stack entries into messages. Pure.

export function webviewHtml(nonce: string, cspSource: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>LeakLens: Handles</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 8px; }
  h2 { font-size: 1.05em; margin: 10px 0 2px; }
  .meta, .notice { color: var(--vscode-descriptionForeground); margin: 0 0 4px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 2px 3px; vertical-align: middle; }
  thead th { color: var(--vscode-descriptionForeground); font-weight: normal; font-size: 0.9em; border-bottom: 1px solid var(--vscode-panel-border); }
  /* Wrap between words only: never "File descripto rs". */
  tbody th { font-weight: normal; overflow-wrap: normal; word-break: normal; hyphens: none; }
  td.value, td.rate { font-variant-numeric: tabular-nums; white-space: nowrap; }
  td.value { font-weight: 600; }
  /* The sparkline takes what is left and shrinks first; below ~220 px it goes (the rate says the same). */
  .trend { width: 30%; }
  .spark { display: block; width: 100%; max-width: 80px; min-width: 24px; color: var(--vscode-charts-blue); }
  @media (max-width: 220px) { .trend { display: none; } }
  tr.leaking .spark { color: var(--vscode-charts-red); }
  .leak { display: block; color: var(--vscode-errorForeground); font-weight: 600; white-space: nowrap; }
  .state[data-state="paused"] { color: var(--vscode-debugIcon-pauseForeground); }
  button.link { background: none; border: none; padding: 1px 0; color: var(--vscode-textLink-foreground); cursor: pointer; font: inherit; text-align: left; }
  button.link:hover { text-decoration: underline; }
  button.link:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  .stacks ol { margin: 4px 0; padding-left: 20px; }
  .count { font-variant-numeric: tabular-nums; }
  .fn { font-family: var(--vscode-editor-font-family); }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
</style>
</head>
<body>
<main id="content" aria-live="polite"><p class="empty">Waiting for debug sessions…</p></main>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const content = document.getElementById('content');
  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'render') {
      // Keep open <details> open across updates.
      const open = new Set([...content.querySelectorAll('details[open]')].map((d) => d.closest('section')?.dataset.session));
      content.innerHTML = event.data.html;
      for (const section of content.querySelectorAll('section')) {
        if (open.has(section.dataset.session)) section.querySelector('details')?.setAttribute('open', '');
      }
    }
  });
  content.addEventListener('click', (event) => {
    const button = event.target.closest('[data-action="openStack"]');
    if (button) vscode.postMessage({ action: 'openStack', file: button.dataset.file, line: Number(button.dataset.line) });
  });
  vscode.postMessage({ action: 'ready' });
</script>
</body>
</html>`;
}
