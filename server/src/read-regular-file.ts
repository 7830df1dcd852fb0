// Reads a file only when it is a regular file no bigger than a limit. The file is opened non-blocking and checked with
// fstat on the open handle (no race between the check and the read): a FIFO never blocks the thread pool, and a
// device (/dev/zero, also behind a symlink) or a file that grows while it is read never fills the memory.
import { closeSync, constants, fstatSync, openSync, promises as fs, readSync } from 'node:fs';

export type BoundedRead = { kind: 'bytes'; bytes: Buffer } | { kind: 'refused'; reason: string };

export async function readRegularFile(filePath: string, maxBytes: number): Promise<BoundedRead> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { kind: 'refused', reason: describeFsError(err) };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { kind: 'refused', reason: 'not a regular file' };
    if (stat.size > maxBytes) return { kind: 'refused', reason: overLimit(stat.size, maxBytes) };
    // One byte more than allowed tells a file that grew past the limit since fstat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) return { kind: 'refused', reason: `it grew over the limit of ${maxBytes} bytes while it was read` };
      if (length === buffer.length) break;
    }
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } catch (err) {
    return { kind: 'refused', reason: describeFsError(err) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readRegularFile for the few small files read on synchronous paths (go.mod); same checks, same answers. */
export function readRegularFileSync(filePath: string, maxBytes: number): BoundedRead {
  let fd: number;
  try {
    fd = openSync(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { kind: 'refused', reason: describeFsError(err) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'refused', reason: 'not a regular file' };
    if (stat.size > maxBytes) return { kind: 'refused', reason: overLimit(stat.size, maxBytes) };
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return { kind: 'refused', reason: `it grew over the limit of ${maxBytes} bytes while it was read` };
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } catch (err) {
    return { kind: 'refused', reason: describeFsError(err) };
  } finally {
    closeSync(fd);
  }
}

export function overLimit(size: number, maxBytes: number): string {
  return `${size} bytes is over the limit of ${maxBytes} bytes`;
}

/** "permission denied (EACCES)" rather than Node's long message with the syscall in it. */
export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ELOOP: 'too many levels of symbolic links',
    ENOTDIR: 'not a folder',
    EISDIR: 'a folder, not a file',
    EMFILE: 'too many open files',
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  return err instanceof Error ? err.message : String(err);
}
