/**
 * A command run inside a running container (the CRI's ExecSync: exec probes and exec hooks),
 * read as simply as the container's own script: `cat`, `test`/`[`, `ls` against the files the
 * image ships and the container's script has created or removed by now; `true`, `false`,
 * `exit N`, `sleep N`, `echo`; `sh -c "..."` runs its statements in order. The error texts are
 * the image's tools' own (busybox or GNU coreutils). Commands the simulation does not know
 * succeed in a server image (its own tools: `redis-cli ping`, `pg_isready`, `nginx -t`).
 */
import type { Behaviour } from './behaviour.ts';
import {
  basename,
  fileExists,
  SHELL_NAMES,
  skipped,
  sleepSeconds,
  statements,
  words,
} from './shellScript.ts';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** How long the command runs; Infinity when it never ends by itself. */
  durationMs: number;
}

/** The runtime cannot start the command at all (no such binary in an image without a shell). */
export interface ExecError {
  error: string;
}

const BUSYBOX_APPLETS = new Set([
  'wget', 'nc', 'grep', 'ps', 'date', 'env', 'pwd', 'id', 'hostname', 'whoami', 'mkdir', 'touch',
  'rm', 'cp', 'mv', 'head', 'tail', 'wc', 'stat', 'uname', 'sync', 'kill', 'pidof', 'printf',
]); // prettier-ignore

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  ms: number;
  exited: boolean;
}

function fileTest(args: string[], exists: (path: string) => boolean): number {
  const list = args[args.length - 1] === ']' ? args.slice(0, -1) : args;
  const negate = list[0] === '!';
  const rest = negate ? list.slice(1) : list;
  const ok = rest.length === 2 && /^-[efdsrx]$/.test(rest[0]!) ? exists(rest[1]!) : true;
  return ok !== negate ? 0 : 1;
}

function simple(b: Behaviour, w: string[], exists: (path: string) => boolean, run: Run): void {
  const cmd = basename(w[0] ?? '');
  const args = w.slice(1);
  const busybox = b.tools === 'busybox';
  switch (cmd) {
    case '':
    case 'true':
    case ':':
      run.status = 0;
      return;
    case 'false':
      run.status = 1;
      return;
    case 'exit':
      run.status = args[0] === undefined ? run.status : Number(args[0]) & 255;
      run.exited = true;
      return;
    case 'sleep':
      run.ms += sleepSeconds(args) * 1000;
      run.status = 0;
      return;
    case 'tail':
      // Following a file waits for more of it: the command never ends by itself.
      if (args.includes('-f') || args.includes('-F')) run.ms = Infinity;
      run.status = 0;
      return;
    case 'echo':
      run.stdout += `${args.join(' ')}\n`;
      run.status = 0;
      return;
    case 'test':
    case '[':
      run.status = fileTest(args, exists);
      return;
    case 'cat':
    case 'ls': {
      run.status = 0;
      for (const path of args.filter((a) => !a.startsWith('-'))) {
        if (exists(path)) {
          if (cmd === 'ls') run.stdout += `${path}\n`;
          continue;
        }
        if (cmd === 'cat') {
          run.stderr += busybox
            ? `cat: can't open '${path}': No such file or directory\n`
            : `cat: ${path}: No such file or directory\n`;
          run.status = 1;
        } else {
          run.stderr += busybox
            ? `ls: ${path}: No such file or directory\n`
            : `ls: cannot access '${path}': No such file or directory\n`;
          run.status = busybox ? 1 : 2;
        }
      }
      return;
    }
  }
  if (b.lenient || (busybox && BUSYBOX_APPLETS.has(cmd))) {
    run.status = 0;
    return;
  }
  run.stderr += `sh: ${cmd}: not found\n`;
  run.status = 127;
}

/** Runs `cmd` in a container `elapsedMs` after it started. */
export function runExec(
  b: Behaviour,
  cmd: readonly string[],
  elapsedMs: number,
): ExecResult | ExecError {
  const shell = SHELL_NAMES.has(basename(cmd[0] ?? ''));
  if (b.tools === 'none' && !b.lenient)
    return {
      error: `failed to exec in container: failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd[0] ?? ''}": executable file not found in $PATH: unknown`,
    };
  const run: Run = { status: 0, stdout: '', stderr: '', ms: 0, exited: false };
  const exists = (path: string) => fileExists(b.files, b.baseFiles, path, elapsedMs + run.ms);
  if (shell && cmd[1] === '-c') {
    for (const s of statements(cmd[2] ?? '')) {
      if (skipped(s, run.status)) continue;
      if (s.compound) run.status = 0;
      else simple(b, words(s.text), exists, run);
      if (run.exited) break;
    }
  } else simple(b, [...cmd], exists, run);
  return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr, durationMs: run.ms };
}
