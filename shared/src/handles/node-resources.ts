// Node debuggees: what js-debug is asked to evaluate in the running program, and how its answer is read.
// The expression returns a short "Type:count,Type:count" string (not one entry per handle, which could be long enough
// for the debugger to truncate), built from process.getActiveResourcesInfo() (Node ≥ 17.3; it also lists timers,
// which process._getActiveHandles() misses).

export const NODE_RESOURCES_EXPRESSION =
  "Object.entries(process.getActiveResourcesInfo().reduce((c, t) => (c[t] = (c[t] || 0) + 1, c), {})).map((e) => e.join(':')).join(',')";

/** Reads the evaluate result: js-debug shows strings quoted ('…' or "…"). Undefined when it is not our format. */
export function parseNodeResources(result: string): Record<string, number> | undefined {
  const text = result.trim().replace(/^(['"`])(.*)\1$/s, '$2');
  if (text === '') return {};
  const counts: Record<string, number> = {};
  for (const entry of text.split(',')) {
    const match = /^([A-Za-z_$][\w$]*):(\d+)$/.exec(entry);
    if (!match) return undefined;
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}
