// Expands a VS Code snippet body the way accepting every default would: each tab stop or placeholder becomes its
// default text (`${1:name}` → name, `${1|a,b|}` → a, `$1` → nothing), variables become their default or nothing.
// Enough of the snippet grammar (https://code.visualstudio.com/docs/editing/userdefinedsnippets#_grammar) for
// checking that the code a user gets from a snippet compiles.

/** Expands `body` (a snippet's lines joined with newlines). Throws on an unclosed `${` or an unreadable element. */
export function expandSnippet(body: string): string {
  return expandUntil(body, 0, false)[0];
}

/**
 * Expands from `start` until the end, or until the `}` closing an enclosing placeholder when `nested`. Outside a
 * placeholder a `}` is plain text (Go code is full of them).
 */
function expandUntil(body: string, start: number, nested: boolean): [string, number] {
  let out = '';
  let i = start;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
      out += body[i + 1];
      i += 2;
    } else if (nested && ch === '}') {
      return [out, i];
    } else if (ch === '$') {
      const [text, next] = expandDollar(body, i);
      out += text;
      i = next;
    } else {
      out += ch;
      i++;
    }
  }
  if (nested) throw new Error(`unclosed "\${" in the snippet at offset ${start}`);
  return [out, i];
}

/** Expands the tab stop, placeholder, choice or variable that starts with the `$` at `i`. */
function expandDollar(body: string, i: number): [string, number] {
  const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(body.slice(i));
  if (simple) return ['', i + simple[0].length];
  if (body[i + 1] !== '{') return ['$', i + 1];
  const head = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|}])/.exec(body.slice(i));
  if (!head) throw new Error(`cannot read the snippet element at offset ${i}: ${body.slice(i, i + 20)}`);
  const after = i + head[0].length;
  if (head[2] === '}') return ['', after];
  if (head[2] === '|') {
    const close = body.indexOf('|}', after);
    if (close < 0) throw new Error(`unclosed choice at offset ${i}`);
    return [body.slice(after, close).split(',')[0], close + 2];
  }
  const [text, close] = expandUntil(body, after, true);
  return [text, close + 1];
}
