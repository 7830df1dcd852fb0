// The `// want` comments of Go fixtures and eval programs, in the style of golang/tools' analysistest:
//   // want "unclosed-body"                              a finding of that rule starts on this line
//   // want "unclosed-body" "^resp\.Body is not closed"  … and its message matches the regexp
//   // want "no-timeout" "unclosed-body"                 two findings, one per rule
// A quoted string that is a finding code (a rule id or unused-suppression) names a finding; any other quoted string is
// a message regexp for the finding named just before it. Quotes inside a regexp are written \".
import { isRuleId } from '../../server/src/analysis/registry';
import { UNUSED_SUPPRESSION } from '../../server/src/analysis/types';

export interface Want {
  /** 1-based. */
  line: number;
  rule: string;
  message?: RegExp;
}

const WANT = /\/\/\s*want((?:\s+"(?:[^"\\]|\\.)*")+)/;
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

function isFindingCode(text: string): boolean {
  return text === UNUSED_SUPPRESSION || isRuleId(text);
}

/** Every want of `text`; throws on a message regexp with no finding before it, or one that does not compile. */
export function parseWants(text: string): Want[] {
  const wants: Want[] = [];
  text.split('\n').forEach((source, i) => {
    const m = WANT.exec(source);
    if (!m) return;
    let last: Want | undefined;
    for (const [, quoted] of m[1].matchAll(QUOTED)) {
      const unescaped = quoted.replace(/\\"/g, '"');
      if (isFindingCode(unescaped) || !last) {
        last = { line: i + 1, rule: unescaped };
        wants.push(last);
      } else if (last.message) {
        throw new Error(`line ${i + 1}: two message regexps for ${last.rule}`);
      } else {
        last.message = new RegExp(unescaped);
      }
    }
  });
  return wants;
}
