// Why a process could not be sampled. Callers tell "gone" (stop sampling, quietly) from "unreadable" (tell the user).

export class ProcessGoneError extends Error {
  constructor(readonly pid: number, reason = 'does not exist (it may have exited)') {
    super(`process ${pid} ${reason}`);
    this.name = 'ProcessGoneError';
  }
}

export class ProcessUnreadableError extends Error {
  constructor(readonly pid: number, reason: string) {
    super(`process ${pid} may not be read: ${reason}`);
    this.name = 'ProcessUnreadableError';
  }
}

export function errorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
