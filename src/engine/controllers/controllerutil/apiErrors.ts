/** What controllers ask of a failed reply beyond the client library's IsNotFound & co. */
import { messageOf, type Reply } from '../../client/index.ts';

/** apierrors.HasStatusCause: the Status details carry a cause of this type. */
export function hasStatusCause(reply: Reply, type: string): boolean {
  const details = (reply.body as { details?: { causes?: { type?: string }[] } }).details;
  return (details?.causes ?? []).some((c) => c.type === type);
}

/** v1.NamespaceTerminatingCause. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** err.Error() of a failed call: the Status message, or why no reply came. */
export function errorText(reply: Reply): string {
  const message = messageOf(reply);
  if (message) return message;
  return reply.timedOut
    ? 'the server was unable to return a response in the time allotted'
    : `an error on the server (code ${reply.code})`;
}
