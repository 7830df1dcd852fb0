// The vocabulary of handle sampling, shared by the CLI (`leaklens handles`) and the extension's Handles view.

/** Open file descriptors (Windows: handles) of a process, by kind. */
export interface FdCounts {
  total: number;
  files: number;
  sockets: number;
  pipes: number;
  /** anon inodes (eventfd, epoll, timerfd…), and anything else that is not a path, socket or pipe. */
  other: number;
  /**
   * Descriptors that are open but whose target could not be read (permission denied): counted in `total`, in no kind,
   * with the reason. Absent when every target was read. An unreadable descriptor is unknown, never "closed".
   */
  unknown?: { count: number; reason: string };
}

/** One group of identical goroutine stacks from pprof `goroutine?debug=1`. */
export interface StackGroup {
  count: number;
  /** The innermost function shown by pprof (runtime frames are already trimmed by it), e.g. `main.worker.func1`. */
  function: string;
  /** `file:line` of that frame, the file as the Go binary recorded it. */
  location: string;
  /** Every frame of the group, innermost first; the extension maps them to workspace lines. */
  frames: StackFrame[];
}

export interface StackFrame {
  function: string;
  file: string;
  /** 1-based, as pprof prints it. */
  line: number;
}

export interface GoroutineProfile {
  total: number;
  /** Largest groups first. */
  groups: StackGroup[];
}

export interface GoroutineSummary extends GoroutineProfile {
  /** From Go 1.26's `/debug/pprof/goroutineleak`, when the program serves it. */
  leaked?: number;
  /** The leaked goroutines' stacks from that profile, largest groups first (proven leaks: nothing can wake them). */
  leakedGroups?: StackGroup[];
  /** Where the count came from: the program's pprof, or DAP `threads` while stopped (capped by Delve). */
  source: 'pprof' | 'dap-threads';
  /** True when the count is a lower bound (Delve lists at most 1024 goroutines). */
  atLeast?: boolean;
}

/** What the operating system tells about a process, without help from the process. */
export interface OsCounts {
  fds: FdCounts;
  threads: number;
  rssBytes: number;
  /** The soft limit on open files, when known (Linux `/proc/PID/limits`). */
  fdLimit?: number;
}

export interface HandleSample extends OsCounts {
  /** Milliseconds since the epoch. */
  timeMs: number;
  pid: number;
  goroutines: GoroutineSummary | null;
  /** Why `goroutines` is null although the program's pprof was asked (a cut-short or malformed answer, a timeout). */
  goroutinesError?: string;
  /** Node's `process.getActiveResourcesInfo()` counted by type, for js-debug sessions. */
  nodeResources?: Record<string, number>;
}

/** A PID together with its start time, so a reused PID is not mistaken for the debuggee. */
export interface ProcessIdentity {
  pid: number;
  /** Opaque start marker (Linux: clock ticks since boot from /proc/PID/stat); undefined where unknown. */
  startTime?: string;
}
