// A package's own TestMain keeps working under `leaklens test`: the overlay replaces the test file that declares it with a
// copy where `func TestMain` is renamed `leaklensUserTestMain` and each `os.Exit(` in its body calls `leaklensExit(`
// (which reads the leak profile first, then exits). The generated TestMain calls the renamed one. Lines do not move, so
// stacks and compiler errors point at the user's real lines.
// Limit: an os.Exit reached through another function called by TestMain ends the binary before the profile is read;
// the run then reports no leaks for that package and says why on stderr.

export const USER_TEST_MAIN = 'leaklensUserTestMain';
export const EXIT_WRAPPER = 'leaklensExit';

const TEST_MAIN_DECLARATION = /^func\s+TestMain\s*\(/m;

/** Whether the file declares a TestMain (at the start of a line, as gofmt writes it). */
export function declaresTestMain(source: string): boolean {
  return TEST_MAIN_DECLARATION.test(source);
}

/** The file with TestMain renamed and its `os.Exit(` calls wrapped; undefined when it declares no TestMain. */
export function rewriteTestMain(source: string): string | undefined {
  const declaration = TEST_MAIN_DECLARATION.exec(source);
  if (!declaration) return undefined;
  const nameStart = source.indexOf('TestMain', declaration.index);
  const bodyStart = openingBrace(source, nameStart);
  if (bodyStart < 0) return undefined;
  const bodyEnd = matchingBrace(source, bodyStart);
  const osName = importName(source, 'os');
  const body = source.slice(bodyStart, bodyEnd);
  const renamed = `${source.slice(0, nameStart)}${USER_TEST_MAIN}${source.slice(nameStart + 'TestMain'.length, bodyStart)}`;
  if (osName === undefined || osName === '.' || osName === '_') return `${renamed}${body}${source.slice(bodyEnd)}`;
  const exitCall = new RegExp(`(?<![\\w.])${osName}\\s*\\.\\s*Exit\\s*\\(`, 'g');
  const wrappedBody = mapCode(body, (code) => code.replace(exitCall, `${EXIT_WRAPPER}(`));
  // The file may use os only for os.Exit: a use at the very end keeps the import used without moving any line.
  return `${renamed}${wrappedBody}${source.slice(bodyEnd)}\nvar _ = ${osName}.Exit\n`;
}

/** The name a file gives an imported package (its alias, or the last path element); undefined when not imported. */
function importName(source: string, importPath: string): string | undefined {
  const quoted = JSON.stringify(importPath).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const spec = new RegExp(`(?:^|[\\s(])(?:([A-Za-z_.]\\w*)\\s+)?${quoted}`, 'm').exec(source);
  if (!spec) return undefined;
  return spec[1] === undefined || spec[1] === 'import' ? importPath.slice(importPath.lastIndexOf('/') + 1) : spec[1];
}

/** Index of the `{` that opens the body of the function whose name starts at `from` (after its signature). */
function openingBrace(source: string, from: number): number {
  let depth = 0;
  for (const { code, offset } of codeSegments(source.slice(from))) {
    for (let i = 0; i < code.length; i++) {
      const c = code[i];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === '{' && depth === 0) return from + offset + i;
    }
  }
  return -1;
}

/** Index just after the `}` that closes the `{` at `open` (the end of the text when unbalanced). */
function matchingBrace(source: string, open: number): number {
  let depth = 0;
  for (const { code, offset } of codeSegments(source.slice(open))) {
    for (let i = 0; i < code.length; i++) {
      if (code[i] === '{') depth++;
      else if (code[i] === '}' && --depth === 0) return open + offset + i + 1;
    }
  }
  return source.length;
}

/** Applies `edit` to the code outside string, rune and comment literals, keeping the literals as they are. */
function mapCode(text: string, edit: (code: string) => string): string {
  let out = '';
  let last = 0;
  for (const { code, offset } of codeSegments(text)) {
    out += text.slice(last, offset) + edit(code);
    last = offset + code.length;
  }
  return out + text.slice(last);
}

/** The stretches of Go source between literals and comments, with their offsets. */
function* codeSegments(text: string): Generator<{ code: string; offset: number }> {
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const literalEnd = c === '"' || c === "'" ? quotedEnd(text, i)
      : c === '`' ? endAfter(text, '`', i + 1)
      : text.startsWith('//', i) ? endAfter(text, '\n', i) - 1
      : text.startsWith('/*', i) ? endAfter(text, '*/', i + 2) : -1;
    if (literalEnd < 0) {
      i++;
      continue;
    }
    if (i > start) yield { code: text.slice(start, i), offset: start };
    start = i = Math.max(literalEnd, i + 1);
  }
  if (start < text.length) yield { code: text.slice(start), offset: start };
}

function quotedEnd(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote || text[i] === '\n') return i + 1;
  }
  return text.length;
}

/** Index just after the next `closing` from `from`; the end of the text (plus its length, for a line) when missing. */
function endAfter(text: string, closing: string, from: number): number {
  const at = text.indexOf(closing, from);
  return at < 0 ? text.length + closing.length : at + closing.length;
}
