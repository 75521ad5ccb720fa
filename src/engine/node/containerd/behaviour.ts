/**
 * How a simulated container's process behaves: when it exits by itself and with what code, and how
 * it answers SIGTERM. Derived from the image and the container's command, args and environment:
 *
 * - registry.k8s.io/pause, nginx, httpd, redis, postgres, kubeviz/web: servers; run until stopped
 *   and exit 0 shortly after SIGTERM.
 * - kubeviz/sleep: runs until stopped; exits 0 SHUTDOWN_SECONDS (default 1) after SIGTERM.
 * - kubeviz/crashloop: exits with EXIT_CODE (default 1) CRASH_AFTER_SECONDS (default 3) after start.
 * - kubeviz/job: exits with EXIT_CODE (default 0) JOB_SECONDS (default 5) after start.
 * - busybox, alpine: a shell: no command exits 0 at once (sh without a terminal); `sleep N` runs N
 *   seconds; `sleep infinity`, `while true`, `tail -f` run forever; `exit N` sets the exit code.
 *   As PID 1 a shell ignores SIGTERM unless it sets a `trap`, so it is SIGKILLed at the timeout.
 */
import type { KeyValue } from '../cri/protocol.ts';

export interface Behaviour {
  /** Milliseconds after start when the process exits by itself; null: runs until stopped. */
  exitAfterMs: number | null;
  exitCode: number;
  /** Milliseconds from SIGTERM to exit; null: SIGTERM is ignored (SIGKILL at the timeout). */
  termGraceMs: number | null;
  termExitCode: number;
}

const SERVERS: Readonly<Record<string, number>> = {
  'registry.k8s.io/pause': 0,
  'docker.io/library/nginx': 100,
  'docker.io/library/httpd': 100,
  'docker.io/library/redis': 200,
  'docker.io/library/postgres': 500,
  'docker.io/kubeviz/web': 200,
};

const SHELLS = new Set(['docker.io/library/busybox', 'docker.io/library/alpine']);

function envNumber(envs: readonly KeyValue[], key: string, fallback: number): number {
  const v = envs.find((e) => e.key === key)?.value;
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export function behaviourOf(
  repository: string,
  command: readonly string[],
  args: readonly string[],
  envs: readonly KeyValue[],
): Behaviour {
  const server = SERVERS[repository];
  if (server !== undefined)
    return { exitAfterMs: null, exitCode: 0, termGraceMs: server, termExitCode: 0 };
  switch (repository) {
    case 'docker.io/kubeviz/sleep':
      return {
        exitAfterMs: null,
        exitCode: 0,
        termGraceMs: envNumber(envs, 'SHUTDOWN_SECONDS', 1) * 1000,
        termExitCode: 0,
      };
    case 'docker.io/kubeviz/crashloop':
      return {
        exitAfterMs: envNumber(envs, 'CRASH_AFTER_SECONDS', 3) * 1000,
        exitCode: envNumber(envs, 'EXIT_CODE', 1),
        termGraceMs: 0,
        termExitCode: 143,
      };
    case 'docker.io/kubeviz/job':
      return {
        exitAfterMs: envNumber(envs, 'JOB_SECONDS', 5) * 1000,
        exitCode: envNumber(envs, 'EXIT_CODE', 0),
        termGraceMs: 0,
        termExitCode: 143,
      };
  }
  if (SHELLS.has(repository)) return shellBehaviour([...command, ...args].join(' '));
  return { exitAfterMs: null, exitCode: 0, termGraceMs: 0, termExitCode: 0 };
}

function shellBehaviour(script: string): Behaviour {
  const termGraceMs = /\btrap\b/.test(script) ? 0 : null;
  const exit = /\bexit\s+(\d+)/.exec(script);
  const exitCode = exit ? Number(exit[1]) : 0;
  if (/\bsleep\s+inf(inity)?\b|\bwhile\s+true\b|\btail\s+-f\b/.test(script))
    return { exitAfterMs: null, exitCode, termGraceMs, termExitCode: 143 };
  let seconds = 0;
  for (const m of script.matchAll(/\bsleep\s+(\d+(?:\.\d+)?)/g)) seconds += Number(m[1]);
  // Even an empty script takes a moment to run.
  return { exitAfterMs: Math.max(10, seconds * 1000), exitCode, termGraceMs, termExitCode: 143 };
}
