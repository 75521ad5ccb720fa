/**
 * How kubectl prints an API error (kubectl/pkg/cmd/util/helpers.go, v1.30): checkErr's special
 * case for Invalid ("The Pod \"web\" is invalid: ..." with one line per cause when there are
 * several), StandardErrorMessage for the rest ("Error from server (NotFound): ..."), and the
 * fatal handler that ends every message with a newline.
 */
import type { StatusObject } from '../api/status.ts';

interface Cause {
  field?: string;
  message?: string;
}

/** statusCausesToAggrError: "field: message", duplicates dropped. */
function causeMessages(causes: readonly Cause[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of causes) {
    const msg = `${c.field ?? ''}: ${c.message ?? ''}`;
    if (seen.has(msg)) continue;
    seen.add(msg);
    out.push(msg);
  }
  return out;
}

/** MultilineError: one error on the prefix's line, several as a "* " list below it. */
function multilineError(prefix: string, errors: readonly string[]): string {
  if (errors.length === 1) return `${prefix}${errors[0]}\n`;
  return `${prefix}\n${errors.map((e) => `* ${e}\n`).join('')}`;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

type StatusLike = Pick<StatusObject, 'message' | 'reason' | 'details'> & { code?: number };

/** What kubectl writes to stderr for a failed request's Status. */
export function formatKubectlError(status: StatusLike): string {
  const details = status.details;
  if (status.reason === 'Invalid') {
    if (!details) {
      const msg = status.message ? `: ${status.message}` : '';
      return ensureNewline(`The request is invalid${msg}`);
    }
    let prefix = 'The request is invalid';
    if (details.kind || details.name) {
      prefix = `The ${details.kind ?? ''} ${JSON.stringify(details.name ?? '')} is invalid`;
    }
    const causes = causeMessages(details.causes ?? []);
    return causes.length ? multilineError(`${prefix}: `, causes) : ensureNewline(prefix);
  }
  if (status.reason === 'Unauthorized') {
    return ensureNewline(`error: You must be logged in to the server (${status.message ?? ''})`);
  }
  if (status.reason) {
    return ensureNewline(`Error from server (${status.reason}): ${status.message ?? ''}`);
  }
  return ensureNewline(`Error from server: ${status.message ?? ''}`);
}
