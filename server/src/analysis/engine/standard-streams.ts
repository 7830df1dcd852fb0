// A file kept open on purpose: code that must not run with a standard stream closed (libfuse does this before it
// mounts) opens /dev/null until the descriptor it gets is above 2, and keeps the ones it got below: they now fill the
// stdin, stdout and stderr slots for the rest of the process. A test of the file's descriptor number tells that branch.
// And a file that may be a standard stream itself (`out := os.Stdout` for `-`, else a created file): a comparison with
// os.Stdin, os.Stdout or os.Stderr tells the branch where it is one, which must not be closed.
import { unparen } from '../ast';
import type { SyntaxNode } from '../parser';
import { selectorChain } from './uses';

/** The highest descriptor of a standard stream (stderr). */
const LAST_STANDARD_STREAM = 2;

const CONVERSIONS = new Set(['int', 'int32', 'int64', 'uint', 'uint32', 'uint64', 'uintptr']);

const MIRRORED: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/**
 * The branch of `condition` taken only when the descriptor of the file `name` is a standard stream's (0, 1 or 2):
 * `if f.Fd() > 2 { f.Close(); break }` keeps it on the else branch. Null when the condition is no such test.
 */
export function standardStreamBranch(condition: SyntaxNode, name: string): 'then' | 'else' | null {
  const test = unparen(condition);
  if (test.type !== 'binary_expression') return null;
  const operator = test.childForFieldName('operator')?.type ?? '';
  const left = test.childForFieldName('left');
  const right = test.childForFieldName('right');
  if (!left || !right || !(operator in MIRRORED)) return null;
  const fdFirst = isDescriptorOf(left, name) ? integer(right) : null;
  const fdSecond = fdFirst === null && isDescriptorOf(right, name) ? integer(left) : null;
  const bound = fdFirst ?? fdSecond;
  if (bound === null) return null;
  const compare = fdFirst !== null ? operator : MIRRORED[operator];
  const holds = (fd: number): boolean => compareDescriptor(fd, compare, bound);
  if (onlyStandardStreams(holds, bound)) return 'then';
  if (onlyStandardStreams((fd) => !holds(fd), bound)) return 'else';
  return null;
}

/** The standard streams of package os. */
const STANDARD_STREAMS = new Set(['Stdin', 'Stdout', 'Stderr']);

/**
 * The branch of `condition` taken only when the file `name` is one of the standard streams of package os (imported as
 * one of `osNames`): `if out == os.Stdout {` (then), `if f != os.Stdout {` (else). Null when the condition is no such
 * comparison.
 */
export function isStandardStreamBranch(condition: SyntaxNode, name: string, osNames: readonly string[]): 'then' | 'else' | null {
  const test = unparen(condition);
  if (test.type !== 'binary_expression') return null;
  const operator = test.childForFieldName('operator')?.type ?? '';
  if (operator !== '==' && operator !== '!=') return null;
  const left = test.childForFieldName('left');
  const right = test.childForFieldName('right');
  if (!left || !right) return null;
  const isStream = (node: SyntaxNode): boolean => {
    const chain = selectorChain(unparen(node));
    return chain?.length === 2 && osNames.includes(chain[0]) && STANDARD_STREAMS.has(chain[1]);
  };
  const isFile = (node: SyntaxNode): boolean => unparen(node).type === 'identifier' && unparen(node).text === name;
  if (!((isFile(left) && isStream(right)) || (isFile(right) && isStream(left)))) return null;
  return operator === '==' ? 'then' : 'else';
}

/** Does `test` hold for some descriptor, and only for descriptors of standard streams? */
function onlyStandardStreams(test: (fd: number) => boolean, bound: number): boolean {
  // Past bound + 1 every comparison with bound answers the same: test one value there for all the larger ones.
  const beyond = Math.max(bound, LAST_STANDARD_STREAM) + 2;
  if (test(beyond)) return false;
  let some = false;
  for (let fd = 0; fd < beyond; fd++) {
    if (!test(fd)) continue;
    if (fd > LAST_STANDARD_STREAM) return false;
    some = true;
  }
  return some;
}

function compareDescriptor(fd: number, operator: string, bound: number): boolean {
  switch (operator) {
    case '<':
      return fd < bound;
    case '<=':
      return fd <= bound;
    case '>':
      return fd > bound;
    case '>=':
      return fd >= bound;
    case '==':
      return fd === bound;
    default:
      return fd !== bound;
  }
}

/** `f.Fd()`, or that converted: `int(f.Fd())`. */
function isDescriptorOf(node: SyntaxNode, name: string): boolean {
  const call = unparen(node);
  if (call.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  if (callee?.type === 'identifier' && CONVERSIONS.has(callee.text)) return args.length === 1 && args[0] !== null && isDescriptorOf(args[0], name);
  const chain = args.length === 0 && callee ? selectorChain(callee) : null;
  return chain?.length === 2 && chain[0] === name && chain[1] === 'Fd';
}

/** A small integer literal's value (`2`, `0x2`); null for anything else. */
function integer(node: SyntaxNode): number | null {
  const literal = unparen(node);
  if (literal.type !== 'int_literal') return null;
  const value = Number(literal.text.replace(/_/g, '').replace(/^0(?=[0-7]+$)/, '0o'));
  return Number.isSafeInteger(value) && value >= 0 && value < 1024 ? value : null;
}
