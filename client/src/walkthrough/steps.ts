// The walkthrough's steps tick on what the user really did, as context keys (package.json: "onContext:<key>"):
// applying a LeakLens quick fix, getting a health-check result, watching a session's handle counts. The keys are
// remembered (global state), so work done before the walkthrough was opened counts too. Pure: unit-tested.

export const WALKTHROUGH_CONTEXT_KEYS = {
  fixedLeak: 'leaklens.walkthrough.fixedLeak',
  ranCheck: 'leaklens.walkthrough.ranCheck',
  watchedHandles: 'leaklens.walkthrough.watchedHandles',
} as const;

export type WalkthroughStep = keyof typeof WALKTHROUGH_CONTEXT_KEYS;

/** The parts of a vscode.CodeAction this looks at. */
export interface QuickFixLike {
  kind?: { value: string };
  diagnostics?: ReadonlyArray<{ source?: string }>;
  command?: { command: string; title: string };
}

/**
 * Gives each quick fix of a `source` diagnostic that runs no command of its own `command`, which VS Code runs after
 * applying the fix's edit: that is how the "apply its quick fix" step learns a fix was applied.
 */
export function tagQuickFixes<T extends QuickFixLike>(actions: T[], source: string, command: string): T[] {
  for (const action of actions) {
    const isQuickFix = action.kind?.value === 'quickfix' || action.kind?.value.startsWith('quickfix.') === true;
    if (isQuickFix && !action.command && action.diagnostics?.some((d) => d.source === source)) {
      action.command = { command, title: 'Record the applied LeakLens quick fix' };
    }
  }
  return actions;
}
