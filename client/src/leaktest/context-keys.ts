// The leak-check and leak-watch view id and context keys (the command ids are in client/src/commands.ts).
export const LEAK_CHECKS_VIEW_ID = 'leaklens.leakChecks';
/** Context key: a leak-checked run is going on (shows Cancel). */
export const RUNNING_CONTEXT = 'leaklens.leakCheck.running';
/** Context key: a program runs with leak watch (shows Stop Leak Watch). */
export const WATCHING_CONTEXT = 'leaklens.leakWatch.running';

export const UNTRUSTED_RUN_MESSAGE = 'LeakLens: running tests or programs executes workspace code, so it needs a trusted workspace.';
