/**
 * Deliveries to kube-apiserver: a client's request going through the pipeline (authentication,
 * authorization, admission, validation, storage), etcd's answers, and etcd's watch events that
 * the apiserver's watch cache fans out to the clients watching.
 */
import type { ApiRequestPayload, ApiResponsePayload } from '../api/protocol.ts';
import type { EtcdResponsePayload, EtcdWatchPayload } from '../etcd/protocol.ts';
import { explainApiNote } from './apiserverNotes.ts';
import { hasNote, notesAfter, sentOfKind, type Delivery } from './lookups.ts';
import { describeRequest } from './requests.ts';
import type { Narration } from './types.ts';
import { count, httpStatus, list, objectName, sentence, who, Who } from './words.ts';
import { refOf } from './fields.ts';
import { resourceForKey } from '../api/resources.ts';
import { isCached } from '../apiserver/watchCache.ts';

const ACTOR = 'kube-apiserver';

/** The reply the apiserver sent in this delivery, if any. */
function replySent(d: Delivery): { to: string; payload: ApiResponsePayload } | undefined {
  return sentOfKind(d, 'api.response')[0];
}

function outcome(d: Delivery, client: string, phrase: string): string {
  const rejected = notesAfter(d, 'rejected: ')[0];
  if (rejected) return `The apiserver refuses ${who(client)}'s request to ${phrase}: ${rejected}.`;
  if (hasNote(d, 'not ready yet'))
    return `The apiserver is still starting, so it holds ${who(client)}'s request to ${phrase}.`;
  if (hasNote(d, 'aggregation layer'))
    return `The apiserver passes ${who(client)}'s request to ${phrase} on to the server of that API group.`;
  if (hasNote(d, 'watch started') || hasNote(d, 'watch resumed'))
    return `The apiserver opens a watch for ${who(client)}: ${phrase}.`;
  if (hasNote(d, 'storage: '))
    return `The apiserver checks ${who(client)}'s request to ${phrase} and sends the write to etcd.`;
  if (hasNote(d, 'served from the watch cache'))
    return `The apiserver answers ${who(client)}'s request to ${phrase} from its watch cache.`;
  if (sentOfKind(d, 'etcd.request').length)
    return `The apiserver takes ${who(client)}'s request to ${phrase} and reads etcd.`;
  const reply = replySent(d);
  if (reply)
    return `The apiserver answers ${who(client)}'s request to ${phrase}: ${httpStatus(reply.payload.code)}.`;
  return `The apiserver receives ${who(client)}'s request to ${phrase}.`;
}

function narrateRequest(d: Delivery, p: ApiRequestPayload | undefined): Narration {
  const client = d.event.from;
  const view = p ? describeRequest(p) : undefined;
  const phrase = view?.phrase ?? d.event.summary;
  const details = d.notes.map(explainApiNote);
  const n: Narration = { actor: ACTOR, headline: outcome(d, client, phrase), details };
  // A user's request starts a story; other clients' requests are steps inside one.
  if (d.event.cause === null) n.title = `${Who(client)} asks to ${phrase}`;
  return n;
}

function etcdOutcome(p: EtcdResponsePayload): string {
  if (p.error) return `etcd refuses the apiserver's request: ${p.error.message}`;
  const r = p.response;
  if (!r) return 'etcd answers the apiserver';
  const rev = r.header.revision;
  switch (r.op) {
    case 'txn':
      return r.succeeded
        ? `etcd confirms the apiserver's write at revision ${rev}`
        : `etcd reports that the transaction's compare failed (revision ${rev})`;
    case 'range':
      return `etcd returns ${count(r.kvs.length, 'key')} at revision ${rev}`;
    case 'watch':
      return 'etcd confirms the watch the apiserver asked for';
    case 'compact':
      return `etcd confirms the compaction (revision ${rev})`;
    default:
      return `etcd answers the apiserver (revision ${rev})`;
  }
}

function narrateEtcdResponse(d: Delivery, p: EtcdResponsePayload | undefined): Narration {
  const base = p ? etcdOutcome(p) : `etcd answers the apiserver (${d.event.summary})`;
  const reply = replySent(d);
  const again = sentOfKind(d, 'etcd.request').length > 0;
  const tail = reply
    ? `, and the apiserver answers ${who(reply.to)}: ${httpStatus(reply.payload.code)}`
    : again
      ? ', and the apiserver sends etcd its next request'
      : '';
  const details = d.notes.map(explainApiNote);
  if (p?.response?.op === 'txn' && p.response.succeeded && reply)
    details.unshift(
      `The new revision, ${p.response.header.revision}, becomes the object's metadata.resourceVersion in the reply.`,
    );
  return { actor: ACTOR, headline: sentence(base + tail), details };
}

function narrateEtcdWatch(d: Delivery, p: EtcdWatchPayload | undefined): Narration {
  const first = p?.events[0];
  const watchers = sentOfKind(d, 'api.watch');
  const what = first
    ? `${first.kv.key} was ${first.type === 'PUT' ? 'written' : 'deleted'} at revision ${first.kv.modRevision}`
    : d.event.summary;
  const fanOut = /fan-out to (\d+) watcher/.exec(d.notes.join(' '));
  const n = watchers.length || (fanOut ? Number(fanOut[1]) : undefined);
  const headline =
    n === undefined
      ? `etcd tells the apiserver that ${what}.`
      : n === 0
        ? `etcd tells the apiserver that ${what}; no client watches it.`
        : `etcd tells the apiserver that ${what}; the apiserver passes it to ${count(n, 'watcher')}.`;
  const info = first ? resourceForKey(first.kv.key) : undefined;
  const forCache = !info || isCached(info);
  const details = [
    forCache
      ? 'The apiserver watches etcd under /registry/ and updates its watch cache from what it hears; clients never watch etcd themselves, they watch the apiserver, which sends each change to the watchers whose resource, namespace and selectors match.'
      : 'Events have no watch cache (the apiserver writes them far more often than anyone reads them), so each watch of events has an etcd watch of its own, and the apiserver passes its changes on to that one client.',
  ];
  if (watchers.length) {
    const object = objectName(refOf(watchers[0]!.payload.object) ?? d.event.object);
    const types = [...new Set(watchers.map((w) => w.payload.type))].join('/');
    details.push(`Watch ${types} ${object} goes to ${list(watchers.map((w) => who(w.to)))}.`);
    if (watchers.some((w) => w.to.startsWith('kubelet/')))
      details.push(
        'A kubelet watches only the pods bound to its node (fieldSelector spec.nodeName), so only that node hears of this pod.',
      );
  }
  return { actor: ACTOR, headline, details };
}

/** A delivery to kube-apiserver. */
export function narrateApiServer(d: Delivery): Narration {
  const p = d.payload;
  switch (p?.kind ?? d.event.kind) {
    case 'api.request':
      return narrateRequest(d, p?.kind === 'api.request' ? p : undefined);
    case 'etcd.response':
      return narrateEtcdResponse(d, p?.kind === 'etcd.response' ? p : undefined);
    case 'etcd.watch':
      return narrateEtcdWatch(d, p?.kind === 'etcd.watch' ? p : undefined);
    case 'api.watchClose':
      return {
        actor: ACTOR,
        headline: `${Who(d.event.from)} closes one of its watches, and the apiserver stops sending it events.`,
      };
    case 'api.response': {
      const reply = replySent(d);
      return {
        actor: ACTOR,
        headline: `${Who(d.event.from)} answers a request the apiserver proxied to it${reply ? `; the apiserver relays the answer to ${who(reply.to)}` : ''}.`,
        details: [
          'APIs such as metrics.k8s.io are served by another server; the apiserver authenticates and authorizes the client, then proxies the request (the aggregation layer).',
        ],
      };
    }
    default:
      return narrateApiServerTimer(d);
  }
}

function narrateApiServerTimer(d: Delivery): Narration {
  const name =
    d.payload?.kind === 'timer' ? d.payload.name : d.event.summary.replace(/^timer /, '');
  const details = d.notes.map(explainApiNote);
  switch (name) {
    case 'compact':
      return {
        actor: ACTOR,
        headline:
          'The apiserver runs its compactor: every 5 minutes it asks etcd to drop history older than the revision it saw one interval ago.',
        details,
      };
    case 'watchTimeout':
      return {
        actor: ACTOR,
        headline:
          "A watch reaches its timeoutSeconds and the apiserver ends it; the client's reflector will watch again from the last resourceVersion it saw.",
        details,
      };
    case 'proxyTimeout':
      return {
        actor: ACTOR,
        headline:
          'A proxied request got no answer in time; the apiserver answers the client 503 Service Unavailable.',
        details,
      };
    default:
      return { actor: ACTOR, headline: `The apiserver's timer ${name} fires.`, details };
  }
}
