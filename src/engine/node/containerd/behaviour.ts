/**
 * How a simulated container's process behaves: when it exits by itself and with what code, how
 * it answers SIGTERM, which ports it listens on, how much memory it uses, and which files its
 * script creates and removes over time. Derived from the image and the container's command, args
 * and environment, the way the image's ENTRYPOINT and CMD combine with them:
 *
 * - registry.k8s.io/pause, nginx, httpd, redis, postgres, kubeviz/web: servers listening on their
 *   ports (80, 80, 6379, 5432, 8080 or $PORT); run until stopped, exit 0 shortly after SIGTERM.
 *   A `command` or `args` naming anything but the server itself replaces it, and the image's
 *   shell runs that instead (`sh -c "exit 1"` exits 1).
 * - kubeviz/sleep: runs until stopped; exits 0 SHUTDOWN_SECONDS (default 1) after SIGTERM.
 * - kubeviz/crashloop: exits with EXIT_CODE (default 1) CRASH_AFTER_SECONDS (default 3) after start.
 * - kubeviz/job: exits with EXIT_CODE (default 0) JOB_SECONDS (default 5) after start.
 * - kubeviz/*: MEMORY_USAGE (a quantity, such as 150Mi) is the memory the process uses.
 * - busybox, alpine: a shell; see shellScript.ts. As PID 1 a shell ignores SIGTERM unless it sets
 *   a `trap`, so it is SIGKILLed at the timeout.
 * - polinux/stress: `stress --vm N --vm-bytes B` uses N x B of memory (B defaults to 256M) and
 *   runs until stopped, or until `--timeout T`.
 */
import { toNumber } from '../../api/quantity.ts';
import type { KeyValue } from '../cri/protocol.ts';
import { basename, planScript, SHELL_NAMES, sleepSeconds, type FileChange } from './shellScript.ts';

/** How an image's tools word their errors: busybox's applets, GNU coreutils, or no shell. */
export type Tools = 'busybox' | 'gnu' | 'none';

export interface Behaviour {
  /** Milliseconds after start when the process exits by itself; null: runs until stopped. */
  exitAfterMs: number | null;
  exitCode: number;
  /** Milliseconds from SIGTERM to exit; null: SIGTERM is ignored (SIGKILL at the timeout). */
  termGraceMs: number | null;
  termExitCode: number;
  /** TCP ports the process accepts connections on. */
  ports: number[];
  /** Resident memory the process grows to, in bytes. */
  memoryBytes: number;
  /** Files the container's script creates and removes, in order. */
  files: FileChange[];
  /** Files the image ships with. */
  baseFiles: string[];
  tools: Tools;
  /** Commands the simulation does not know succeed in an exec (a server image's own tools). */
  lenient: boolean;
}

interface ServerImage {
  termGraceMs: number;
  ports: number[];
  /** argv[0] values that start the server itself (the image's CMD or its entrypoint). */
  binaries: string[];
  baseFiles: string[];
  tools: Tools;
}

const ETC = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/etc/passwd'];

const SERVERS: Readonly<Record<string, ServerImage>> = {
  'registry.k8s.io/pause': {
    termGraceMs: 0,
    ports: [],
    binaries: ['pause'],
    baseFiles: [],
    tools: 'none',
  },
  'docker.io/library/nginx': {
    termGraceMs: 100,
    ports: [80],
    binaries: ['nginx', 'docker-entrypoint.sh', 'nginx-debug'],
    baseFiles: [...ETC, '/etc/nginx/nginx.conf', '/usr/share/nginx/html/index.html'],
    tools: 'gnu',
  },
  'docker.io/library/httpd': {
    termGraceMs: 100,
    ports: [80],
    binaries: ['httpd', 'httpd-foreground'],
    baseFiles: [
      ...ETC,
      '/usr/local/apache2/conf/httpd.conf',
      '/usr/local/apache2/htdocs/index.html',
    ],
    tools: 'gnu',
  },
  'docker.io/library/redis': {
    termGraceMs: 200,
    ports: [6379],
    binaries: ['redis-server', 'docker-entrypoint.sh'],
    baseFiles: [...ETC, '/usr/local/bin/redis-server'],
    tools: 'gnu',
  },
  'docker.io/library/postgres': {
    termGraceMs: 500,
    ports: [5432],
    binaries: ['postgres', 'docker-entrypoint.sh'],
    baseFiles: [...ETC, '/usr/lib/postgresql'],
    tools: 'gnu',
  },
  'docker.io/kubeviz/web': {
    termGraceMs: 200,
    ports: [8080],
    binaries: ['web'],
    baseFiles: [],
    tools: 'none',
  },
};

const SHELLS = new Set(['docker.io/library/busybox', 'docker.io/library/alpine']);

function envNumber(envs: readonly KeyValue[], key: string, fallback: number): number {
  const v = envs.find((e) => e.key === key)?.value;
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function envBytes(envs: readonly KeyValue[], key: string): number {
  const v = envs.find((e) => e.key === key)?.value;
  if (!v) return 0;
  try {
    return Math.max(0, toNumber(v));
  } catch {
    return 0;
  }
}

const BASE: Omit<Behaviour, 'exitAfterMs' | 'exitCode' | 'termGraceMs' | 'termExitCode'> = {
  ports: [],
  memoryBytes: 0,
  files: [],
  baseFiles: [],
  tools: 'none',
  lenient: false,
};

function kubevizBehaviour(repository: string, envs: readonly KeyValue[]): Behaviour | undefined {
  const common = { ...BASE, memoryBytes: envBytes(envs, 'MEMORY_USAGE') };
  switch (repository) {
    case 'docker.io/kubeviz/sleep':
      return {
        ...common,
        exitAfterMs: null,
        exitCode: 0,
        termGraceMs: envNumber(envs, 'SHUTDOWN_SECONDS', 1) * 1000,
        termExitCode: 0,
      };
    case 'docker.io/kubeviz/crashloop':
      return {
        ...common,
        exitAfterMs: envNumber(envs, 'CRASH_AFTER_SECONDS', 3) * 1000,
        exitCode: envNumber(envs, 'EXIT_CODE', 1),
        termGraceMs: 0,
        termExitCode: 143,
      };
    case 'docker.io/kubeviz/job':
      return {
        ...common,
        exitAfterMs: envNumber(envs, 'JOB_SECONDS', 5) * 1000,
        exitCode: envNumber(envs, 'EXIT_CODE', 0),
        termGraceMs: 0,
        termExitCode: 143,
      };
    case 'docker.io/kubeviz/web':
      return {
        ...common,
        exitAfterMs: null,
        exitCode: 0,
        termGraceMs: SERVERS[repository]!.termGraceMs,
        termExitCode: 0,
        ports: [envNumber(envs, 'PORT', 8080)],
        lenient: true,
      };
  }
  return undefined;
}

function serverBehaviour(image: ServerImage, argv: readonly string[]): Behaviour {
  let ports = image.ports;
  // redis-server --port N listens elsewhere.
  const port = argv.indexOf('--port');
  if (port >= 0 && Number(argv[port + 1]) > 0) ports = [Number(argv[port + 1])];
  return {
    ...BASE,
    exitAfterMs: null,
    exitCode: 0,
    termGraceMs: image.termGraceMs,
    termExitCode: 0,
    ports,
    baseFiles: image.baseFiles,
    tools: image.tools,
    lenient: true,
  };
}

/** The script a shell runs for this argv: `sh -c SCRIPT`, or the argv itself as one command. */
function scriptOf(argv: readonly string[]): string {
  if (argv.length === 0) return '';
  if (SHELL_NAMES.has(basename(argv[0]!))) return argv[1] === '-c' ? (argv[2] ?? '') : '';
  return argv.map((a) => (/\s/.test(a) ? `'${a}'` : a)).join(' ');
}

function shellBehaviour(argv: readonly string[], tools: Tools, baseFiles: string[]): Behaviour {
  const plan = planScript(scriptOf(argv));
  return {
    ...BASE,
    // Even an empty script takes a moment to run.
    exitAfterMs: plan.exitAfterMs === null ? null : Math.max(10, plan.exitAfterMs),
    exitCode: plan.exitCode,
    termGraceMs: plan.traps ? 0 : null,
    termExitCode: 143,
    files: plan.files,
    baseFiles,
    tools,
  };
}

/** stress(1): --vm workers each holding --vm-bytes, for --timeout or until stopped. */
function stressBehaviour(argv: readonly string[]): Behaviour {
  const args = argv[0] && basename(argv[0]) === 'stress' ? argv.slice(1) : argv;
  const value = (long: string, short: string) => {
    const i = args.findIndex((a) => a === long || a === short);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const workers = Number(value('--vm', '-m') ?? 0) || 0;
  const bytes = /^(\d+)([BKMG]?)$/i.exec(value('--vm-bytes', '--vm-bytes') ?? '256M');
  const unit: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  const perWorker = bytes ? Number(bytes[1]) * unit[bytes[2]!.toUpperCase()]! : 0;
  const timeout = value('--timeout', '-t');
  const seconds = timeout ? sleepSeconds([timeout]) : Infinity;
  return {
    ...BASE,
    exitAfterMs: Number.isFinite(seconds) ? seconds * 1000 : null,
    exitCode: 0,
    termGraceMs: null,
    termExitCode: 143,
    memoryBytes: workers * perWorker,
  };
}

export function behaviourOf(
  repository: string,
  command: readonly string[],
  args: readonly string[],
  envs: readonly KeyValue[],
): Behaviour {
  const argv = [...command, ...args];
  const server = SERVERS[repository];
  if (server) {
    // ENTRYPOINT plus CMD: with neither given, or naming the server, the server runs.
    if (argv.length === 0 || server.binaries.includes(basename(argv[0]!))) {
      return kubevizBehaviour(repository, envs) ?? serverBehaviour(server, argv);
    }
    if (server.tools !== 'none') {
      return { ...shellBehaviour(argv, server.tools, server.baseFiles), lenient: true };
    }
    return kubevizBehaviour(repository, envs) ?? serverBehaviour(server, []);
  }
  const kubeviz = kubevizBehaviour(repository, envs);
  if (kubeviz) return kubeviz;
  if (SHELLS.has(repository)) return shellBehaviour(argv, 'busybox', [...ETC, '/bin/sh']);
  if (repository === 'docker.io/polinux/stress') return stressBehaviour(argv);
  return { ...BASE, exitAfterMs: null, exitCode: 0, termGraceMs: 0, termExitCode: 0 };
}
