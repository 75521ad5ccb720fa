/**
 * What every API client does with what the apiserver sends it, in client-go's terms: a reply to
 * one of its requests, a list that fills an informer's cache, a watch event that updates it, and
 * the reflector's and client's own timers. Component narrators add their specifics on top.
 */
import type { ApiResponsePayload, ApiWatchEventPayload } from '../api/protocol.ts';
import { dig, num, refOf, str } from './fields.ts';
import { apiRequestOf, notesAfter, sentRequests, type Delivery } from './lookups.ts';
import { describeRequest } from './requests.ts';
import type { Narration } from './types.ts';
import { count, httpStatus, objectName, sentence, who, Who } from './words.ts';

/** 'watch ADDED pod default/web-x' as a phrase: 'pod default/web-x was added'. */
export function watchPhrase(p: ApiWatchEventPayload): string {
  const name = objectName(refOf(p.object));
  switch (p.type) {
    case 'ADDED':
      return `${name} was added`;
    case 'MODIFIED':
      return `${name} changed`;
    case 'DELETED':
      return `${name} was deleted`;
    case 'ERROR':
      return `the watch failed: ${str(p.object.message) ?? 'error'}`;
    default:
      return `${name}: ${p.type}`;
  }
}

/** A watch event reaching a client's informer. */
export function narrateWatchEvent(d: Delivery, handlers?: string): Narration {
  const actor = d.event.to;
  const p = d.payload?.kind === 'api.watch' ? d.payload : undefined;
  if (p?.type === 'ERROR')
    return {
      actor,
      headline: `${Who(actor)}'s watch ends with an error: ${str(p.object.message) ?? 'unknown'}.`,
      details: [
        'A 410 Expired means the resourceVersion it watched from is no longer in the watch cache: the reflector lists again and watches from the new list.',
      ],
    };
  const what = p ? watchPhrase(p) : d.event.summary;
  const details = [
    "The informer's reflector puts the change into its local cache (the indexer) and calls the registered event handlers; the component reads its cache afterwards instead of asking the apiserver.",
  ];
  if (handlers) details.push(handlers);
  for (const note of notesAfter(d, 'informer ')) details.push(sentence(`Informer ${note}`));
  return { actor, headline: `${Who(actor)}'s informer hears that ${what}.`, details };
}

function listText(body: Record<string, unknown>): string | undefined {
  const items = body.items;
  if (!Array.isArray(items)) return undefined;
  const rv = str(dig(body, 'metadata', 'resourceVersion'));
  return `${count(items.length, 'item')}${rv ? ` at resourceVersion ${rv}` : ''}`;
}

/** A reply from the apiserver reaching a client. */
export function narrateResponse(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload?.kind === 'api.response' ? d.payload : undefined;
  if (!p) return { actor, headline: `${Who(actor)} gets a reply: ${d.event.summary}.` };
  const request = apiRequestOf(d, p);
  const asked = request ? ` to ${describeRequest(request).phrase}` : '';
  const details: string[] = [];
  const listed = listText(p.body);
  let headline: string;
  if (p.body.kind === 'WatchStarted') {
    headline = `${Who(actor)}'s watch${asked ? ` (${asked.slice(4)})` : ''} is open: changes will now arrive as watch events.`;
  } else if (listed) {
    headline = `${Who(actor)} gets the list it asked for: ${listed}.`;
    details.push(
      "An informer starts with a list: it fills its cache with the items, counts as synced, and then watches from the list's resourceVersion so it misses nothing.",
    );
  } else if (p.code >= 400) {
    headline = `${Who(actor)}'s request${asked} fails: ${httpStatus(p.code)}.`;
    details.push(...errorDetails(p));
  } else {
    headline = `${Who(actor)}'s request${asked} succeeds: ${httpStatus(p.code)}.`;
  }
  return { actor, headline, details };
}

function errorDetails(p: ApiResponsePayload): string[] {
  const out: string[] = [];
  const message = str(p.body.message);
  if (message) out.push(`The apiserver says: ${sentence(message)}`);
  if (p.code === 409)
    out.push(
      'A 409 Conflict is optimistic concurrency at work: the object changed since the copy the client sent. Controllers do not fight it; they requeue the key and try again from their newer cached copy.',
    );
  if (p.code === 410)
    out.push('410 Gone: the resourceVersion asked for is too old; the client lists again.');
  return out;
}

/** What a delivery's own API requests were, as one sentence ('It asks the apiserver to ...'). */
export function requestsSentence(d: Delivery): string | undefined {
  const phrases = sentRequests(d).map((r) => describeRequest(r.payload).phrase);
  if (!phrases.length) return undefined;
  const shown = phrases.slice(0, 4);
  const more = phrases.length - shown.length;
  return `It asks the apiserver to ${shown.join('; to ')}${more > 0 ? `; and ${more} more` : ''}.`;
}

/** The apiserver ended a watch (its timeoutSeconds passed); the reflector watches again. */
export function narrateWatchEnd(d: Delivery): Narration {
  const asks = requestsSentence(d);
  return {
    actor: d.event.to,
    headline: `The apiserver ends one of ${who(d.event.to)}'s watches, as a watch's timeout asks.`,
    details: [
      'The reflector watches again from the last resourceVersion it saw, so no change is missed.',
      ...(asks ? [asks] : []),
    ],
  };
}

/** The timers client-go keeps: request time-outs, reflector re-lists, work-queue delays. */
export function narrateClientTimer(d: Delivery, name: string): Narration | undefined {
  const actor = d.event.to;
  if (name.startsWith('client/'))
    return {
      actor,
      headline: `${Who(actor)} checks its requests for time-outs.`,
      details: [
        'A request whose reply never came (the apiserver down, a partition) is given up after its deadline and reported to the caller as timed out.',
      ],
    };
  if (name.startsWith('reflector/')) {
    const asks = requestsSentence(d);
    const reflector = `${Who(actor)}'s ${name.slice('reflector/'.length)} reflector`;
    const headline = asks
      ? `${reflector} lists or watches again.`
      : d.sent === undefined
        ? `${reflector} wakes up on its timer.`
        : `${reflector} wakes up; what its timer guarded arrived in time, so there is nothing to do.`;
    return {
      actor,
      headline,
      details: [
        'A reflector guards each list and watch with a deadline: it lists again after a failure (with back-off) and watches again when a watch looks dead.',
        ...(asks ? [asks] : []),
        ...d.notes.map(sentence),
      ],
    };
  }
  if (name.startsWith('workqueue/')) {
    const key = str(dig(d.payload?.kind === 'timer' ? d.payload.data : undefined, 'key'));
    return {
      actor,
      headline: `A key${key ? ` (${key})` : ''} comes back to ${who(actor)}'s ${name.slice('workqueue/'.length)} work queue after its delay.`,
      details: [
        'AddRateLimited and AddAfter put a key back later: failures back off exponentially (5 ms, 10 ms, 20 ms, ... up to 1000 s with the default controller rate limiter).',
      ],
    };
  }
  return undefined;
}

/** 'timer nodeStatus' -> 'nodeStatus'. */
export function timerName(d: Delivery): string {
  if (d.payload?.kind === 'timer') return d.payload.name;
  return d.event.summary.replace(/^timer /, '');
}

/** The replicas field of a body, when it has one. */
export function replicasOf(body: unknown): number | undefined {
  return num(dig(body, 'spec', 'replicas'));
}
