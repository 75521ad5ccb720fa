/**
 * A simple reading of the shell scripts containers run (`sh -c "touch /tmp/healthy; sleep 30"`):
 * split into top-level statements, then walk them in order to learn how long the script runs,
 * its exit status, whether it traps SIGTERM, and which files it creates and removes when. A
 * compound statement (if, for, case, a non-endless loop) is not interpreted: its status counts as
 * 0 and it takes no time, so an `exit 1` inside a branch is never taken as the script's exit.
 */

export interface FileChange {
  /** Milliseconds after the script started. */
  atMs: number;
  path: string;
  exists: boolean;
}

export interface ScriptPlan {
  /** How long the script runs before it exits by itself; null: it never does. */
  exitAfterMs: number | null;
  exitCode: number;
  /** The script sets a trap, so SIGTERM makes it exit. */
  traps: boolean;
  files: FileChange[];
}

type Separator = ';' | '&&' | '||';

export interface Statement {
  text: string;
  /** How this statement is joined to the one before it. */
  after: Separator;
  compound: boolean;
}

const OPENERS = new Set(['if', 'while', 'until', 'for', 'case', '{', '(']);
const CLOSERS = new Set(['fi', 'done', 'esac', '}', ')']);

/** Splits at `;`, newlines, `&`, `&&` and `||` outside quotes. */
function pieces(script: string): { text: string; after: Separator }[] {
  const out: { text: string; after: Separator }[] = [];
  let quote = '';
  let current = '';
  let after: Separator = ';';
  const push = (next: Separator) => {
    out.push({ text: current.trim(), after });
    current = '';
    after = next;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (quote) {
      if (ch === quote) quote = '';
      current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      current += ch;
    } else if ((ch === '&' || ch === '|') && script[i + 1] === ch) {
      push(ch === '&' ? '&&' : '||');
      i++;
    } else if (ch === ';' || ch === '\n' || ch === '&') push(';');
    else current += ch;
  }
  push(';');
  return out.filter((p) => p.text !== '');
}

/** Top-level statements; a compound command and its body are one statement. */
export function statements(script: string): Statement[] {
  const out: Statement[] = [];
  let depth = 0;
  for (const p of pieces(script)) {
    const first = /^(?:(?:do|then|else|elif)\s+)?(\S+)/.exec(p.text)?.[1] ?? '';
    if (depth > 0) {
      out[out.length - 1]!.text += `; ${p.text}`;
      if (OPENERS.has(first)) depth++;
      if (CLOSERS.has(first)) depth--;
      continue;
    }
    const opens = OPENERS.has(first);
    out.push({ text: p.text, after: p.after, compound: opens });
    if (opens) depth = 1;
  }
  return out;
}

/** Splits a simple command into words, honouring single and double quotes. */
export function words(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

/** The shells that run their `-c` argument as a script. */
export const SHELL_NAMES: ReadonlySet<string> = new Set(['sh', 'bash', 'ash']);

/** A command found through $PATH or named by its path is the same command. */
export const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** `&&` runs a statement only after a success, `||` only after a failure. */
export function skipped(s: Statement, status: number): boolean {
  return (s.after === '&&' && status !== 0) || (s.after === '||' && status === 0);
}

const UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** busybox sleep: each argument a number with an optional s, m, h or d suffix, summed. */
export function sleepSeconds(args: readonly string[]): number {
  let total = 0;
  for (const a of args) {
    if (/^inf(inity)?$/.test(a)) return Infinity;
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
    if (m) total += Number(m[1]) * UNITS[m[2]!]!;
  }
  return total;
}

const ENDLESS = /^(while\s+(true|:)|until\s+false)\b/;

/** What a container's script does over its life. */
export function planScript(script: string): ScriptPlan {
  const plan: ScriptPlan = { exitAfterMs: null, exitCode: 0, traps: false, files: [] };
  let t = 0;
  let status = 0;
  for (const s of statements(script)) {
    if (skipped(s, status)) continue;
    if (s.compound) {
      if (ENDLESS.test(s.text)) return plan;
      status = 0;
      continue;
    }
    const w = words(s.text);
    const cmd = (w[0] === 'exec' ? w[1] : w[0]) ?? '';
    const args = w.slice(w[0] === 'exec' ? 2 : 1);
    for (let i = 0; i < w.length; i++) {
      const redirect = /^>>?(.*)$/.exec(w[i]!);
      if (!redirect) continue;
      const path = redirect[1] || w[i + 1];
      if (path) plan.files.push({ atMs: t, path, exists: true });
    }
    switch (basename(cmd)) {
      case 'sleep': {
        const seconds = sleepSeconds(args);
        if (seconds === Infinity) return plan;
        t += seconds * 1000;
        status = 0;
        break;
      }
      case 'tail':
        if (args.includes('-f') || args.includes('-F')) return plan;
        status = 0;
        break;
      case 'exit':
        plan.exitAfterMs = t;
        plan.exitCode = args[0] === undefined ? status : Number(args[0]) & 255;
        return plan;
      case 'false':
        status = 1;
        break;
      case 'trap':
        plan.traps = true;
        status = 0;
        break;
      case 'touch':
      case 'mkdir':
        for (const a of args)
          if (!a.startsWith('-')) plan.files.push({ atMs: t, path: a, exists: true });
        status = 0;
        break;
      case 'rm':
      case 'rmdir':
        for (const a of args)
          if (!a.startsWith('-')) plan.files.push({ atMs: t, path: a, exists: false });
        status = 0;
        break;
      default:
        status = 0;
    }
  }
  plan.exitAfterMs = t;
  plan.exitCode = status;
  return plan;
}

/** Whether `path` exists `elapsedMs` into the script, given what the image ships. */
export function fileExists(
  files: readonly FileChange[],
  base: readonly string[],
  path: string,
  elapsedMs: number,
): boolean {
  let exists = base.includes(path);
  for (const f of files) if (f.path === path && f.atMs <= elapsedMs) exists = f.exists;
  return exists;
}
