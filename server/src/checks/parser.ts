// Parser of *.checks files: a pure function from text to blocks, variables and diagnostics with precise ranges.
// The format (documented in the README):
//   # comment | // comment
//   @var name = value                 file-wide variable, usable as {{name}}; {{env:NAME}} reads the environment
//   ### name                          starts a block
//   METHOD URL | URL                  the request line (a bare URL means GET)
//   Header: value                     headers until a blank line
//   @expect status 200-299 | body contains "ok" | latency < 500ms,  @timeout 2s
//   <blank line> body…                 until the next ###
import type { Range } from '../analysis/types';
import {
  METHODS,
  type CheckBlock,
  type CheckDiagnostic,
  type CheckFile,
  type Template,
  type VariableDef,
} from './model';
import { scanReferences } from './template';

const HEADER = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t]*:[ \t]*(.*)$/;
const REQUEST = /^(\S+)[ \t]+(\S+)(?:[ \t]+HTTP\/\d(?:\.\d)?)?[ \t]*$/;
const BARE_URL = /^(?:https?:\/\/|\{\{)\S*$/i;
const DIRECTIVE = /^@([A-Za-z]*)/;
const MAX_TIMEOUT_MS = 10 * 60 * 1000;

type Phase = 'request' | 'headers' | 'body';

interface OpenBlock {
  block: CheckBlock;
  phase: Phase;
  /** Whether the block began with `###` (false for requests written before the first `###`). */
  named: boolean;
  /** A request line was there but was wrong (already reported), so "no request line" would be noise. */
  requestFailed: boolean;
  lastContentLine: number;
}

function range(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

export function parseCheckFile(text: string): CheckFile {
  return new CheckFileParser(text).parse();
}

class CheckFileParser {
  private readonly lines: string[];
  private readonly diagnostics: CheckDiagnostic[] = [];
  private readonly variables = new Map<string, VariableDef>();
  private readonly blocks: CheckBlock[] = [];
  private current: OpenBlock | undefined;

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  parse(): CheckFile {
    this.lines.forEach((line, index) => this.parseLine(line, index));
    this.closeBlock();
    this.checkReferences();
    this.checkDuplicateNames();
    return { variables: this.variables, blocks: this.blocks, diagnostics: this.diagnostics };
  }

  private error(r: Range, message: string): void {
    this.diagnostics.push({ range: r, message, severity: 'error' });
  }

  private parseLine(raw: string, line: number): void {
    const indent = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    const end = indent + trimmed.length;
    const whole = range(line, indent, end);

    if (trimmed.startsWith('###')) {
      this.closeBlock();
      const name = trimmed.slice(3).trim();
      this.current = {
        block: { name, range: whole, headRange: whole, headers: [], body: [], expectations: [] },
        phase: 'request',
        named: true,
        requestFailed: false,
        lastContentLine: line,
      };
      return;
    }
    const open = this.current;
    if (open?.phase === 'body') {
      open.block.body.push({ text: raw, line, character: 0 });
      if (trimmed !== '') open.lastContentLine = line;
      return;
    }
    if (trimmed === '') {
      if (open?.phase === 'headers') open.phase = 'body';
      return;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith('//')) return;
    if (trimmed.startsWith('@')) {
      this.parseDirective(trimmed, line, indent);
      if (open) open.lastContentLine = line;
      return;
    }
    if (!open || open.phase === 'request') {
      this.parseRequest(trimmed, line, indent);
      return;
    }
    const header = HEADER.exec(trimmed);
    if (!header) {
      this.error(whole, 'expected a header "Name: value", a directive, or a blank line before the body');
      return;
    }
    const valueStart = indent + trimmed.length - header[2].length;
    open.block.headers.push({ name: header[1], value: { text: header[2], line, character: valueStart }, range: whole });
    open.lastContentLine = line;
  }

  private parseRequest(trimmed: string, line: number, indent: number): void {
    const whole = range(line, indent, indent + trimmed.length);
    let method = 'GET';
    let url: string;
    // Only an upper-case word is taken for a method: "hello there" is not a request with a strange method.
    const match = REQUEST.exec(trimmed);
    const request = match && /^[A-Z]+$/.test(match[1]) ? match : null;
    if (request) {
      method = request[1];
      url = request[2];
      if (!(METHODS as readonly string[]).includes(method)) {
        this.error(range(line, indent, indent + method.length), `unknown method ${method} (expected ${METHODS.join(', ')})`);
        if (this.current) this.current.requestFailed = true;
        return;
      }
    } else if (BARE_URL.test(trimmed)) {
      url = trimmed;
    } else {
      this.error(whole, 'expected a request line: METHOD URL (or a bare URL for GET)');
      if (this.current) this.current.requestFailed = true;
      return;
    }
    const urlStart = request ? indent + trimmed.indexOf(url, method.length) : indent;
    if (!this.current) {
      // A request before the first ###: an unnamed block that starts here.
      this.current = {
        block: { name: '', range: whole, headRange: whole, headers: [], body: [], expectations: [] },
        phase: 'request',
        named: false,
        requestFailed: false,
        lastContentLine: line,
      };
    }
    const open = this.current;
    open.block.request = { method, url: { text: url, line, character: urlStart }, range: whole };
    open.phase = 'headers';
    open.lastContentLine = line;
  }

  private parseDirective(trimmed: string, line: number, indent: number): void {
    const keyword = DIRECTIVE.exec(trimmed)![1];
    const keywordRange = range(line, indent, indent + 1 + keyword.length);
    const rest = trimmed.slice(1 + keyword.length);
    const argsOffset = indent + 1 + keyword.length + rest.length - rest.trimStart().length;
    const args = rest.trim();
    const argsRange = range(line, argsOffset, argsOffset + args.length);
    switch (keyword) {
      case 'var':
        this.parseVariable(args, line, argsOffset);
        return;
      case 'expect':
      case 'timeout': {
        const block = this.current?.block;
        if (!block) {
          this.error(keywordRange, `@${keyword} must be inside a check block (after a ### line)`);
          return;
        }
        if (keyword === 'timeout') this.parseTimeout(block, args, argsRange);
        else this.parseExpectation(block, args, argsRange);
        return;
      }
      default:
        this.error(keywordRange, `unknown directive @${keyword} (expected @var, @expect or @timeout)`);
    }
  }

  private parseVariable(args: string, line: number, offset: number): void {
    const match = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(.*)$/.exec(args);
    if (!match) {
      this.error(range(line, offset, offset + args.length), 'expected "@var name = value"');
      return;
    }
    const [, name, value] = match;
    const nameRange = range(line, offset, offset + name.length);
    if (this.variables.has(name)) {
      this.error(nameRange, `variable ${name} is already defined on line ${this.variables.get(name)!.range.start.line + 1}`);
      return;
    }
    const valueStart = offset + args.length - value.length;
    this.variables.set(name, { name, value: { text: value, line, character: valueStart }, range: nameRange });
  }

  private parseTimeout(block: CheckBlock, args: string, argsRange: Range): void {
    const ms = parseDuration(args);
    if (ms === undefined || ms <= 0 || ms > MAX_TIMEOUT_MS) {
      this.error(argsRange, `bad timeout "${args}": expected a duration like 500ms or 2s, at most 10 minutes`);
      return;
    }
    block.timeoutMs = ms;
  }

  private parseExpectation(block: CheckBlock, args: string, argsRange: Range): void {
    const { line, character } = argsRange.start;
    const status = /^status\b[ \t]*(.*)$/.exec(args);
    if (status) {
      const listStart = character + args.length - status[1].length;
      const ranges = this.parseStatusList(status[1], line, listStart);
      if (ranges) block.expectations.push({ kind: 'status', ranges, text: status[1], range: argsRange });
      return;
    }
    const body = /^body[ \t]+contains\b[ \t]*(.*)$/.exec(args);
    if (body) {
      const raw = body[1];
      const start = character + args.length - raw.length;
      const needle = unquote(raw);
      if (needle === undefined || needle === '') {
        this.error(range(line, start, start + raw.length), 'expected a non-empty text: body contains "ok"');
        return;
      }
      const textStart = raw.startsWith('"') ? start + 1 : start;
      block.expectations.push({ kind: 'bodyContains', text: { text: needle, line, character: textStart }, range: argsRange });
      return;
    }
    const latency = /^latency\b[ \t]*(.*)$/.exec(args);
    if (latency) {
      const bound = /^<[ \t]*(.+)$/.exec(latency[1]);
      const ms = bound ? parseDuration(bound[1]) : undefined;
      if (ms === undefined || ms <= 0) {
        const start = character + args.length - latency[1].length;
        this.error(range(line, start, start + latency[1].length), `bad latency bound "${latency[1]}": expected "< 500ms" or "< 2s"`);
        return;
      }
      block.expectations.push({ kind: 'latency', belowMs: ms, text: latency[1], range: argsRange });
      return;
    }
    this.error(argsRange, 'unknown expectation (expected "status 200-299", "body contains \\"text\\"" or "latency < 500ms")');
  }

  /** `200`, `200-299`, `2xx`, comma-separated. Reports the first bad item with its own range. */
  private parseStatusList(list: string, line: number, start: number): Array<[number, number]> | undefined {
    if (list.trim() === '') {
      this.error(range(line, start, start), 'expected a status, a range like 200-299, or a class like 2xx');
      return undefined;
    }
    const ranges: Array<[number, number]> = [];
    let offset = 0;
    for (const item of list.split(',')) {
      const lead = item.length - item.trimStart().length;
      const spec = item.trim();
      const itemRange = range(line, start + offset + lead, start + offset + lead + spec.length);
      offset += item.length + 1;
      const parsed = parseStatusSpec(spec);
      if (typeof parsed === 'string') {
        this.error(itemRange, parsed);
        return undefined;
      }
      ranges.push(parsed);
    }
    return ranges;
  }

  private closeBlock(): void {
    const open = this.current;
    this.current = undefined;
    if (!open) return;
    const { block } = open;
    while (block.body.length > 0 && block.body[block.body.length - 1].text.trim() === '') block.body.pop();
    while (block.body.length > 0 && block.body[0].text.trim() === '') block.body.shift();
    const endLine = open.lastContentLine;
    block.range = { start: block.range.start, end: { line: endLine, character: this.lines[endLine].trimEnd().length } };
    if (!block.request) {
      if (open.named && !open.requestFailed) this.error(block.headRange, `check ${block.name ? `"${block.name}" ` : ''}has no request line (METHOD URL)`);
      return;
    }
    if (!block.name) block.name = `${block.request.method} ${block.request.url.text}`;
    this.blocks.push(block);
  }

  private templates(): Template[] {
    const all: Template[] = [...this.variables.values()].map((v) => v.value);
    for (const block of this.blocks) {
      if (block.request) all.push(block.request.url);
      all.push(...block.headers.map((h) => h.value), ...block.body);
      for (const e of block.expectations) if (e.kind === 'bodyContains') all.push(e.text);
    }
    return all;
  }

  private checkReferences(): void {
    for (const template of this.templates()) {
      const scan = scanReferences(template.text);
      const at = (start: number, end: number): Range => range(template.line, template.character + start, template.character + end);
      if (scan.unclosedAt !== undefined) this.error(at(scan.unclosedAt, template.text.length), 'a "{{" is never closed with "}}"');
      for (const bad of scan.malformed) {
        this.error(at(bad.start, bad.end), bad.env ? 'expected {{env:NAME}} with a valid environment variable name' : 'expected {{name}} with a variable name');
      }
      for (const ref of scan.references) {
        if (!ref.env && !this.variables.has(ref.name)) this.error(at(ref.start, ref.end), `undefined variable ${ref.name} (define it with "@var ${ref.name} = …")`);
      }
    }
    this.checkVariableCycles();
    for (const block of this.blocks) if (block.request) this.checkUrl(block.request.url);
  }

  private checkVariableCycles(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, trail: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const def = this.variables.get(trail[0])!;
        this.error(def.range, `variables refer to each other in a cycle: ${[...trail, name].join(' → ')}`);
        return;
      }
      state.set(name, 'visiting');
      const def = this.variables.get(name);
      for (const ref of def ? scanReferences(def.value.text).references : []) if (!ref.env) visit(ref.name, [...trail, name]);
      state.set(name, 'done');
    };
    for (const name of this.variables.keys()) visit(name, []);
  }

  /** Checks a URL with its variables substituted; environment values are unknown here, so they count as valid text. */
  private checkUrl(url: Template): void {
    const urlRange = range(url.line, url.character, url.character + url.text.length);
    const substituted = this.substituteStatically(url.text, 0);
    if (substituted === undefined) return; // an undefined variable or a cycle, already reported
    if (substituted.startsWith('\u0000')) return; // the scheme comes from the environment
    const candidate = substituted.replace(/\u0000/g, 'env');
    let parsed: URL;
    try {
      parsed = new URL(candidate);
    } catch {
      this.error(urlRange, `bad URL "${url.text}": not a valid absolute URL`);
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      this.error(urlRange, `bad URL "${url.text}": only http:// and https:// URLs can be checked`);
    } else if (parsed.hostname === '') {
      this.error(urlRange, `bad URL "${url.text}": it has no host`);
    }
  }

  /** Replaces variables by their values and environment references by NUL; undefined when something is unresolvable. */
  private substituteStatically(text: string, depth: number): string | undefined {
    if (depth > 16) return undefined;
    const scan = scanReferences(text);
    if (scan.unclosedAt !== undefined || scan.malformed.length > 0) return undefined;
    let out = '';
    let last = 0;
    for (const ref of scan.references) {
      out += text.slice(last, ref.start);
      if (ref.env) out += '\u0000';
      else {
        const def = this.variables.get(ref.name);
        const inner = def && this.substituteStatically(def.value.text, depth + 1);
        if (inner === undefined) return undefined;
        out += inner;
      }
      last = ref.end;
    }
    return out + text.slice(last);
  }

  private checkDuplicateNames(): void {
    const seen = new Map<string, CheckBlock>();
    for (const block of this.blocks) {
      const first = seen.get(block.name);
      if (first) {
        this.diagnostics.push({
          range: block.headRange,
          message: `another check is already named "${block.name}" (line ${first.headRange.start.line + 1}); results of the two would mix`,
          severity: 'warning',
        });
      } else seen.set(block.name, block);
    }
  }
}

/** `500ms`, `2s`, `1.5s`, `250` (milliseconds). */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)[ \t]*(ms|s|m)?$/.exec(text.trim());
  if (!match) return undefined;
  const factor = match[2] === 's' ? 1000 : match[2] === 'm' ? 60_000 : 1;
  return Math.round(Number(match[1]) * factor);
}

function parseStatusSpec(spec: string): [number, number] | string {
  const klass = /^([1-5])xx$/i.exec(spec);
  if (klass) return [Number(klass[1]) * 100, Number(klass[1]) * 100 + 99];
  const match = /^(\d{3})(?:[ \t]*-[ \t]*(\d{3}))?$/.exec(spec);
  if (!match) return `bad status "${spec}": expected a status like 200, a range like 200-299, or a class like 2xx`;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  for (const status of [low, high]) if (status < 100 || status > 599) return `bad status ${status}: HTTP statuses are 100-599`;
  if (low > high) return `bad status range ${spec}: the start is after the end`;
  return [low, high];
}

/** A double-quoted JSON-style string, or unquoted text as is; undefined for a broken quoted string. */
function unquote(raw: string): string | undefined {
  const text = raw.trim();
  if (!text.startsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
