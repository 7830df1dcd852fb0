// The parsed form of a *.checks file. Produced by parser.ts (a pure function), consumed by resolve.ts and the LSP feature.
import type { Range } from '../analysis/types';

/** A piece of text that may hold `{{name}}` / `{{env:NAME}}` references, with where it starts (one line). */
export interface Template {
  text: string;
  line: number;
  character: number;
}

export interface VariableDef {
  name: string;
  value: Template;
  range: Range;
}

export interface HeaderLine {
  name: string;
  value: Template;
  range: Range;
}

export type Expectation =
  | { kind: 'status'; ranges: Array<[number, number]>; text: string; range: Range }
  | { kind: 'bodyContains'; text: Template; range: Range }
  | { kind: 'latency'; belowMs: number; text: string; range: Range };

export interface RequestLine {
  method: string;
  url: Template;
  /** The whole request line: inline results are shown after it. */
  range: Range;
}

export interface CheckBlock {
  /** The text after `###`; for a block without a name, `METHOD URL`. */
  name: string;
  /** From the `###` line (or the request line of an unnamed leading block) to the block's last non-blank line. */
  range: Range;
  /** The `###` line, or the request line when there is none: where the lens goes. */
  headRange: Range;
  request?: RequestLine;
  headers: HeaderLine[];
  /** Body lines (templates), blank lines inside kept, trailing blank lines dropped. */
  body: Template[];
  expectations: Expectation[];
  timeoutMs?: number;
}

export type CheckDiagnosticSeverity = 'error' | 'warning';

export interface CheckDiagnostic {
  range: Range;
  message: string;
  severity: CheckDiagnosticSeverity;
}

export interface CheckFile {
  variables: Map<string, VariableDef>;
  blocks: CheckBlock[];
  diagnostics: CheckDiagnostic[];
}

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Healthy unless a block says otherwise: 2xx and 3xx. */
export const DEFAULT_STATUS_RANGES: Array<[number, number]> = [[200, 399]];
