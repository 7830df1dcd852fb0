// "Is this server a local UI?" A program that opens the user's web browser serves what it starts for the person at
// the keyboard: a development preview (`hugo server`), a profile viewer (`pprof -http`), a docs page, an OAuth login's
// callback. Its one client is that browser, on this host; slow or idle remote clients are not what it faces. Proven
// from the file's text: a call into a package that opens the browser (github.com/pkg/browser, github.com/cli/browser,
// open-golang, webbrowser, or a module's own package named `browser`), a call of a function named for opening it
// (`openBrowser(url)`, `OpenURL(authURL)`), or the platform's opener run as a command (`xdg-open`). Judged per file: the
// opener and the server it opens live together in the code measured (rounds 1-22: 8 servers, all debatable).
import type { Imports } from '../ast';

/** Packages whose functions open a URL in the user's browser, with those functions. */
const BROWSER_OPENERS: ReadonlyMap<string, readonly string[]> = new Map([
  ['github.com/pkg/browser', ['OpenURL', 'OpenFile', 'OpenReader']],
  ['github.com/cli/browser', ['OpenURL', 'OpenFile', 'OpenReader']],
  ['github.com/skratchdot/open-golang/open', ['Run', 'Start', 'RunWith', 'StartWith']],
  ['github.com/toqueteos/webbrowser', ['Open']],
]);

/** A function of the program named for opening the browser: `openBrowser(url)`, `OpenURL(u)`, `openInBrowser(…)`. */
const OPENER_CALL = /(?<![.\w])[oO]pen(?:Browser|URL|InBrowser)\s*\(/;

/** The platform's opener run as a command: `exec.Command("xdg-open", url)`. */
const OPENER_COMMAND = /"xdg-open"/;

/** Does the file (its text and imports) open the user's browser? */
export function opensBrowser(text: string, imports: Imports): boolean {
  if (OPENER_CALL.test(text) || OPENER_COMMAND.test(text)) return true;
  for (const [path, names] of imports) {
    const functions = BROWSER_OPENERS.get(path) ?? (path.endsWith('/browser') ? ['Open', 'OpenURL'] : undefined);
    if (!functions) continue;
    if (names.some((name) => new RegExp(`\\b${name}\\.(?:${functions.join('|')})\\s*\\(`).test(text))) return true;
  }
  return false;
}
