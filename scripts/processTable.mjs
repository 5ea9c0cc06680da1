// The running processes as Linux's /proc shows them: which are alive, in which process group, under which
// parent, and which files and listening sockets they hold. Where there is no /proc it reports nothing
// (`hasProc` is false) and callers fall back to signals.
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Whether /proc can be read (Linux). */
export const hasProc = existsSync('/proc/self/stat');

/**
 * @typedef {{ pid: number, ppid: number, pgid: number, start: number, name: string }} ProcessInfo
 * `start` is the start time in clock ticks after boot: with `pid`, it names a process even once its pid
 * has been reused.
 */

/**
 * Every live process. Zombies are left out: they hold no port or file and only wait to be reaped, which
 * the init of some containers does late (seen here: seconds after the exit).
 * @returns {ProcessInfo[]}
 */
export function processes() {
  const list = [];
  if (!hasProc) return list;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(')');
    const f = stat.slice(close + 2).split(' ');
    if (f[0] === 'Z' || f[0] === 'X') continue;
    list.push({ pid: Number(entry), ppid: Number(f[1]), pgid: Number(f[2]), start: Number(f[19]), name: stat.slice(stat.indexOf('(') + 1, close) });
  }
  return list;
}

/** The live processes of process group `pgid`. */
export function groupMembers(pgid, all = processes()) {
  return all.filter((p) => p.pgid === pgid);
}

/** Process `pid` and every live process below it (children, their children…). */
export function descendants(pid, all = processes()) {
  const found = all.filter((p) => p.pid === pid);
  for (let i = 0; i < found.length; i++) for (const p of all) if (p.ppid === found[i].pid) found.push(p);
  return found;
}

/** Which of `known` are still running: same pid and same start time, not a zombie. */
export function stillRunning(known, all = processes()) {
  return known.filter((k) => all.some((p) => p.pid === k.pid && p.start === k.start));
}

/** What `pid`'s open file descriptors point at ('/some/file', 'socket:[123]'…); empty when unreadable. */
export function openFiles(pid) {
  let fds;
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const targets = [];
  for (const fd of fds) {
    try {
      targets.push(readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      /* closed meanwhile */
    }
  }
  return targets;
}

/** The inodes of the TCP sockets listening on `port` (any address, IPv4 or IPv6). */
function listeningInodes(port) {
  const inodes = new Set();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1] local address as HEXADDR:HEXPORT, f[3] state (0A: listening), f[9] inode
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(`socket:[${f[9]}]`);
    }
  }
  return inodes;
}

/** The processes (among `candidates`, else all) holding a socket that listens on TCP `port`. */
export function listenersOf(port, candidates = processes()) {
  const inodes = listeningInodes(port);
  if (!inodes.size) return [];
  return candidates.filter((p) => openFiles(p.pid).some((t) => inodes.has(t)));
}

/** The processes holding a file at or below `dir` open. */
export function holdersOf(dir, all = processes()) {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return all.filter((p) => openFiles(p.pid).some((t) => t === dir || t.startsWith(prefix)));
}

/** "1234 workerd, 1240 node": processes as an error message names them. */
export function describeProcesses(list) {
  return list.map((p) => `${p.pid} ${p.name}`).join(', ');
}

/** The live processes whose environment has `name=value` (children inherit it, so a whole tree is found). */
export function withEnv(name, value, all = processes()) {
  const entry = `${name}=${value}`;
  return all.filter((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/environ`, 'utf8').split('\0').includes(entry);
    } catch {
      return false;
    }
  });
}
