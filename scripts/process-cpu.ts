import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined where there is none. */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, ms: a process's own time and that of its children it reaped (PostgreSQL's ended backends). */
  ms: number;
}

function procStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return stats;
  }
  for (const entry of entries) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = text.lastIndexOf(') ');
      const comm = text.slice(text.indexOf('(') + 1, close);
      const fields = text.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), comm, ms: (ticks * 1000) / TICKS_PER_SECOND });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
}

/**
 * CPU time (ms) of each named process tree: `roots` maps a label to a pid, and each label gets that
 * process and all its descendants (PostgreSQL's postmaster and its backends, a Go server's threads).
 */
export function treeCpuMs(roots: Record<string, number | undefined>): Record<string, number> {
  const stats = procStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const result: Record<string, number> = {};
  for (const [label, pid] of Object.entries(roots)) {
    let ms = 0;
    const stack = pid === undefined ? [] : [byPid.get(pid)].filter((s): s is ProcStat => !!s);
    while (stack.length > 0) {
      const s = stack.pop()!;
      ms += s.ms;
      stack.push(...(children.get(s.pid) ?? []));
    }
    result[label] = ms;
  }
  return result;
}

/** The pid of a child of `parent` (this process by default) running `comm` (e.g. 'postgres', the cluster a test server started). */
export function childNamed(comm: string, parent = process.pid): number | undefined {
  return procStats().find((s) => s.ppid === parent && s.comm === comm)?.pid;
}
