// Completion in *.checks files: `{{variables}}` the file defines (and `env:`), `@directives`, request methods, and the
// forms of `@expect`. Pure: a function of the text and the cursor.
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position } from 'vscode-languageserver';
import { METHODS } from '../../checks/model';
import { parseCheckFile } from '../../checks/parser';

export const CHECKS_COMPLETION_TRIGGERS = ['@', '{'];

const DIRECTIVES: Array<{ name: string; snippet: string; doc: string }> = [
  { name: 'var', snippet: 'var ${1:name} = ${2:value}', doc: 'A file-wide variable, used as {{name}}.' },
  { name: 'expect', snippet: 'expect ${1|status 200-299,body contains "ok",latency < 500ms|}', doc: 'What a healthy answer looks like.' },
  { name: 'timeout', snippet: 'timeout ${1:2s}', doc: "This check's timeout (500ms, 2s, … at most 10 minutes)." },
];

const EXPECT_FORMS: Array<{ label: string; snippet: string; doc: string }> = [
  { label: 'status 200-299', snippet: 'status ${1:200-299}', doc: 'A status, a range like 200-299, or a class like 2xx (several, comma-separated).' },
  { label: 'body contains "…"', snippet: 'body contains "${1:ok}"', doc: 'The body contains this text ({{variables}} allowed).' },
  { label: 'latency < 500ms', snippet: 'latency < ${1:500ms}', doc: 'The answer came within this time.' },
];

export function checksCompletions(text: string, position: Position): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const line = lines[position.line] ?? '';
  const before = line.slice(0, position.character);
  const at = (start: number) => ({ start: { line: position.line, character: start }, end: position });

  const reference = /\{\{([A-Za-z0-9_:]*)$/.exec(before);
  if (reference) {
    const start = position.character - reference[1].length;
    const closes = line.slice(position.character).startsWith('}}') ? '' : '}}';
    const variables = [...parseCheckFile(text).variables.keys()];
    return [
      ...variables.map((name): CompletionItem => ({ label: name, kind: CompletionItemKind.Variable, textEdit: { range: at(start), newText: `${name}${closes}` } })),
      { label: 'env:NAME', kind: CompletionItemKind.Keyword, detail: 'an environment variable', insertTextFormat: InsertTextFormat.Snippet, textEdit: { range: at(start), newText: `env:\${1:NAME}${closes}` } },
    ];
  }

  const expect = /^\s*@expect\s+([a-z ]*)$/.exec(before);
  if (expect) {
    const start = position.character - expect[1].length;
    return EXPECT_FORMS.map((form): CompletionItem => ({
      label: form.label,
      kind: CompletionItemKind.Snippet,
      documentation: form.doc,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: at(start), newText: form.snippet },
    }));
  }

  const directive = /^\s*@([A-Za-z]*)$/.exec(before);
  if (directive) {
    const start = position.character - directive[1].length;
    return DIRECTIVES.map((d): CompletionItem => ({
      label: `@${d.name}`,
      filterText: d.name,
      kind: CompletionItemKind.Keyword,
      documentation: d.doc,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: at(start), newText: d.snippet },
    }));
  }

  // A request line: an upper-case word at the start of a line, or an empty line right under a `###` heading.
  const afterHeading = before === '' && /^###/.test(lines[position.line - 1] ?? '');
  if (/^[A-Z]+$/.test(before) || afterHeading) {
    return METHODS.map((method): CompletionItem => ({ label: method, kind: CompletionItemKind.Method, textEdit: { range: at(0), newText: `${method} ` } }));
  }
  return [];
}
