// The Handles e2e scenario's debuggee: every 100 ms it starts an interval that is never cleared, so the LeakLens: Handles
// view sees its Timeout count grow steadily and marks it "possible leak".
'use strict';

setInterval(() => {
  setInterval(() => undefined, 60_000); // never cleared: the leak
}, 100);
console.log(`leaky-timers running as PID ${process.pid}`);
