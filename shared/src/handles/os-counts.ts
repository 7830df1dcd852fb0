// The operating-system half of a sample, per platform. Linux reads /proc (tested); macOS and Windows are best effort.
import { readDarwinCounts } from './darwin';
import { linuxIdentity, readLinuxCounts } from './procfs';
import type { OsCounts, ProcessIdentity } from './types';
import { readWindowsCounts } from './windows';

/** Resolves a PID to an identity (with start time on Linux); throws ProcessGoneError / ProcessUnreadableError. */
export async function identifyProcess(pid: number): Promise<ProcessIdentity> {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`not a process id: ${pid}`);
  if (process.platform === 'linux') return linuxIdentity(pid);
  await readOsCounts({ pid }); // Elsewhere the first read is the existence check.
  return { pid };
}

export async function readOsCounts(identity: ProcessIdentity): Promise<OsCounts> {
  if (process.platform === 'linux') return readLinuxCounts(identity);
  if (process.platform === 'darwin') return readDarwinCounts(identity.pid);
  if (process.platform === 'win32') return readWindowsCounts(identity.pid);
  throw new Error(`handle sampling is not supported on ${process.platform}`);
}
