// Command ids of leak-checked runs and leak watch (package.json contributes the palette ones).
export const RUN_LEAK_CHECK_COMMAND = 'leaklens.leakCheck.run';
export const RUN_LEAK_CHECK_TARGET_COMMAND = 'leaklens.leakCheck.runTarget';
export const RERUN_LEAK_CHECK_COMMAND = 'leaklens.leakCheck.rerun';
export const CANCEL_LEAK_CHECK_COMMAND = 'leaklens.leakCheck.cancel';
export const CLEAR_LEAK_CHECK_COMMAND = 'leaklens.leakCheck.clear';
export const OPEN_LINE_COMMAND = 'leaklens.leakCheck.openLine';
export const EXPLAIN_UNTRUSTED_RUN_COMMAND = 'leaklens.leakCheck.explainUntrusted';
export const RUN_LEAK_WATCH_COMMAND = 'leaklens.leakWatch.run';
export const STOP_LEAK_WATCH_COMMAND = 'leaklens.leakWatch.stop';
export const ENABLE_LEAK_DETECTION_COMMAND = 'leaklens.debug.enableLeakDetection';

export const LEAK_CHECKS_VIEW_ID = 'leaklens.leakChecks';
/** Context key: a leak-checked run is going on (shows Cancel). */
export const RUNNING_CONTEXT = 'leaklens.leakCheck.running';
export const WATCHING_CONTEXT = 'leaklens.leakWatch.running';

export const UNTRUSTED_RUN_MESSAGE = 'LeakLens: running tests or programs executes workspace code, so it needs a trusted workspace.';
