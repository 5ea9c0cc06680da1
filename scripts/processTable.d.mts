// Types of scripts/processTable.mjs for the TypeScript end-to-end tests.

/** A live process: `start` (clock ticks after boot) tells a reused pid apart. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  start: number;
  name: string;
}

/** Whether /proc can be read (Linux). */
export const hasProc: boolean;
/** Every live process (zombies left out). */
export function processes(): ProcessInfo[];
/** The live processes of process group `pgid`. */
export function groupMembers(pgid: number, all?: ProcessInfo[]): ProcessInfo[];
/** Process `pid` and every live process below it. */
export function descendants(pid: number, all?: ProcessInfo[]): ProcessInfo[];
/** Which of `known` are still running (same pid and start time). */
export function stillRunning(known: ProcessInfo[], all?: ProcessInfo[]): ProcessInfo[];
/** What `pid`'s open file descriptors point at. */
export function openFiles(pid: number): string[];
/** The processes holding a socket that listens on TCP `port`. */
export function listenersOf(port: number, candidates?: ProcessInfo[]): ProcessInfo[];
/** The processes holding a file at or below `dir` open. */
export function holdersOf(dir: string, all?: ProcessInfo[]): ProcessInfo[];
/** "1234 workerd, 1240 node". */
export function describeProcesses(list: ProcessInfo[]): string;
/** The live processes whose environment has `name=value`. */
export function withEnv(name: string, value: string, all?: ProcessInfo[]): ProcessInfo[];
