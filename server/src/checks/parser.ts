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
import { DEFAULT_MAX_FILE_SIZE, MAX_CHECKS_PER_FILE, MAX_DIAGNOSTICS_PER_FILE, MAX_EXPANSION, MAX_VARIABLE_DEPTH, utf8SizeUpTo } from '../limits';
import { hidePasswords } from './mask';
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

/** Parses a check file; a text over `maxBytes` is not parsed at all (one error says so). */
export function parseCheckFile(text: string, maxBytes = DEFAULT_MAX_FILE_SIZE): CheckFile {
  const size = utf8SizeUpTo(text, maxBytes);
  if (size > maxBytes) {
    const message = `this file has more than ${maxBytes.toLocaleString('en-US')} bytes (the size limit, leaklens.maxFileSize): it is not read`;
    return { variables: new Map(), blocks: [], diagnostics: [{ range: range(0, 0, 0), message, severity: 'error' }] };
  }
  return new CheckFileParser(text).parse();
}

/** What a variable costs to expand (see MAX_EXPANSION), or 'invalid' when it cannot be expanded (already reported). */
type ExpansionCost = number | 'invalid';

class CheckFileParser {
  private readonly lines: string[];
  private readonly diagnostics: CheckDiagnostic[] = [];
  private readonly variables = new Map<string, VariableDef>();
  private readonly blocks: CheckBlock[] = [];
  private current: OpenBlock | undefined;
  private readonly costs = new Map<string, ExpansionCost>();
  /** Static expansions of variables, so that many URLs using one variable expand it once. */
  private readonly substituted = new Map<string, string | undefined>();
  private tooManyChecksReported = false;

  constructor(text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
  }

  parse(): CheckFile {
    this.lines.forEach((line, index) => this.parseLine(line, index));
    this.closeBlock();
    this.checkReferences();
    this.checkDuplicateNames();
    return { variables: this.variables, blocks: this.blocks, diagnostics: capped(this.diagnostics) };
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
    if (!block.name) block.name = hidePasswords(`${block.request.method} ${block.request.url.text}`);
    if (this.blocks.length === MAX_CHECKS_PER_FILE) {
      if (!this.tooManyChecksReported) this.error(block.headRange, `more than ${MAX_CHECKS_PER_FILE} checks in one file: this one and the rest are ignored`);
      this.tooManyChecksReported = true;
      return;
    }
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
    for (const name of this.variables.keys()) this.costOf(name, []);
    const variableValues = new Set([...this.variables.values()].map((v) => v.value));
    for (const template of this.templates()) {
      if (variableValues.has(template)) continue; // checked in costOf
      const cost = this.templateCost(template.text);
      // Each variable fits, but together they do not (a variable that does not fit is reported already).
      if (cost !== 'invalid' && cost > MAX_EXPANSION && this.referencedCosts(template.text).every((c) => c !== 'invalid' && c <= MAX_EXPANSION)) {
        this.error(range(template.line, template.character, template.character + template.text.length), tooBig('this text'));
      }
    }
    for (const block of this.blocks) if (block.request) this.checkUrl(block.request.url);
  }

  /**
   * What expanding `name` costs (characters produced plus references followed), reporting on the variable a cycle,
   * nesting deeper than MAX_VARIABLE_DEPTH, or a cost over MAX_EXPANSION. Memoised: linear in the file, whatever the
   * variables do to each other.
   */
  private costOf(name: string, trail: string[]): ExpansionCost {
    const known = this.costs.get(name);
    if (known !== undefined) return known;
    const def = this.variables.get(name);
    if (!def) return 'invalid'; // undefined: reported where it is used
    if (trail.includes(name)) {
      this.error(this.variables.get(trail[0])!.range, `variables refer to each other in a cycle: ${[...trail, name].join(' → ')}`);
      return 'invalid';
    }
    if (trail.length >= MAX_VARIABLE_DEPTH) {
      this.error(this.variables.get(trail[0])!.range, `variables refer to variables more than ${MAX_VARIABLE_DEPTH} deep: ${trail[0]} → … → ${name}`);
      return 'invalid';
    }
    const scan = scanReferences(def.value.text);
    let cost: ExpansionCost = scan.unclosedAt !== undefined || scan.malformed.length > 0 ? 'invalid' : def.value.text.length;
    let referencesFit = true;
    for (const ref of scan.references) {
      const inner: ExpansionCost = ref.env ? 0 : this.costOf(ref.name, [...trail, name]);
      if (inner === 'invalid') cost = 'invalid';
      else {
        if (inner > MAX_EXPANSION) referencesFit = false;
        if (cost !== 'invalid') cost += 1 + inner;
      }
    }
    // Reported once, on the variable where the growth happens, not on every variable built from it.
    if (cost !== 'invalid' && cost > MAX_EXPANSION && referencesFit) this.error(def.range, tooBig(`variable ${name}`));
    this.costs.set(name, cost);
    return cost;
  }

  private referencedCosts(text: string): ExpansionCost[] {
    return scanReferences(text).references.filter((ref) => !ref.env).map((ref) => this.costs.get(ref.name) ?? 'invalid');
  }

  private templateCost(text: string): ExpansionCost {
    let cost = 0;
    for (const inner of this.referencedCosts(text)) {
      if (inner === 'invalid') return 'invalid';
      cost += inner;
    }
    return cost;
  }

  /** Checks a URL with its variables substituted; environment values are unknown here, so they count as valid text. */
  private checkUrl(url: Template): void {
    const urlRange = range(url.line, url.character, url.character + url.text.length);
    const cost = this.templateCost(url.text);
    if (cost === 'invalid' || cost > MAX_EXPANSION) return; // already reported
    const substituted = this.substituteStatically(url.text);
    if (substituted === undefined) return; // an undefined variable or a cycle, already reported
    if (substituted.startsWith('\u0000')) return; // the scheme comes from the environment
    const candidate = substituted.replace(/\u0000/g, 'env');
    const shown = hidePasswords(url.text);
    let parsed: URL;
    try {
      parsed = new URL(candidate);
    } catch {
      this.error(urlRange, `bad URL "${shown}": not a valid absolute URL`);
      return;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      this.error(urlRange, `bad URL "${shown}": only http:// and https:// URLs can be checked`);
    } else if (parsed.hostname === '') {
      this.error(urlRange, `bad URL "${shown}": it has no host`);
    }
  }

  /**
   * Replaces variables by their values and environment references by NUL; undefined when something is unresolvable.
   * Only called for texts whose cost is within MAX_EXPANSION, so the result is bounded.
   */
  private substituteStatically(text: string): string | undefined {
    const scan = scanReferences(text);
    if (scan.unclosedAt !== undefined || scan.malformed.length > 0) return undefined;
    let out = '';
    let last = 0;
    for (const ref of scan.references) {
      out += text.slice(last, ref.start);
      if (ref.env) out += '\u0000';
      else {
        if (!this.substituted.has(ref.name)) {
          const def = this.variables.get(ref.name);
          this.substituted.set(ref.name, def && this.substituteStatically(def.value.text));
        }
        const inner = this.substituted.get(ref.name);
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

function tooBig(what: string): string {
  return `${what} expands to more than ${MAX_EXPANSION.toLocaleString('en-US')} characters (variables that repeat each other grow fast): shorten it`;
}

/** At most MAX_DIAGNOSTICS_PER_FILE, the last one saying how many more there are. */
function capped(diagnostics: CheckDiagnostic[]): CheckDiagnostic[] {
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_FILE) return diagnostics;
  const kept = diagnostics.slice(0, MAX_DIAGNOSTICS_PER_FILE - 1);
  const next = diagnostics[MAX_DIAGNOSTICS_PER_FILE - 1];
  const more = diagnostics.length - kept.length;
  return [...kept, { range: next.range, message: `${more} more problems in this file are not shown (the first ${kept.length} are)`, severity: 'error' }];
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
