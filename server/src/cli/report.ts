// What `leaklens check` found, in the shape every output format starts from.
import type { Finding } from '../analysis/types';

export interface FileFinding {
  /** Relative to the working directory, with / separators. */
  file: string;
  finding: Finding;
}

export interface CheckReport {
  filesAnalyzed: number;
  findings: FileFinding[];
}
