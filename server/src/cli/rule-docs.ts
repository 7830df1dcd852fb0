// Where a rule's documentation lives on the web: docs/rules/<id>.md in the repository named by package.json.
import { repository } from '../../../package.json';
import { UNUSED_SUPPRESSION, type FindingCode } from '../analysis/types';

/** The repository's web address, from package.json ("…/leaklens.git" → "…/leaklens"). */
export const REPOSITORY_URL = repository.url.replace(/\.git$/, '');

export function ruleDocUrl(code: FindingCode): string {
  // unused-suppression is not a rule: it is documented with the suppressions, in the README's rules section.
  if (code === UNUSED_SUPPRESSION) return `${REPOSITORY_URL}#suppressing-a-finding`;
  return `${REPOSITORY_URL}/blob/main/docs/rules/${code}.md`;
}
