/**
 * Deliveries to kube-controller-manager: its shared informers hear changes and the controllers'
 * handlers queue keys; a moment later the workers take the keys and each controller's sync sends
 * the requests that close the gap between desired and actual state; replies continue those syncs.
 */
import { classifyRequest, mergeActions, type Action } from './controllerActions.ts';
import { CONTROLLERS, READERS, controllerTitle } from './controllerCatalog.ts';
import { narrateClientTimer, narrateResponse, narrateWatchEvent, timerName } from './clients.ts';
import { refOf } from './fields.ts';
import { notesAfter, sentOfKind, sentRequests, type Delivery } from './lookups.ts';
import type { Narration } from './types.ts';
import { capitalize, list, sentence } from './words.ts';

const ACTOR = 'kube-controller-manager';

interface Work {
  /** 'The ReplicaSet controller creates 2 pods for ReplicaSet default/web-x' */
  sentences: string[];
  /** The first piece of work that is not an Event. */
  main: string | undefined;
  controllers: string[];
}

/**
 * What the controllers did in this delivery, from the requests it sent. A reply or a controller's
 * own timer continues one controller's work, so requests that do not name their controller are
 * that one's (`fallback`); the workers' drain runs many controllers and gets no fallback.
 */
function work(d: Delivery, fallback?: string, oneController = false): Work {
  const actions: Action[] = sentRequests(d).map((r) => classifyRequest(r.payload));
  if (oneController && fallback === undefined) {
    const named = new Set(actions.map((a) => a.controller).filter((c) => c !== undefined));
    if (named.size === 1) fallback = [...named][0];
  }
  const merged = mergeActions(actions);
  const sentences: string[] = [];
  let main: string | undefined;
  const controllers: string[] = [];
  for (const { action, text } of merged) {
    const name = action.controller ?? fallback;
    const s = `${capitalize(name ? controllerTitle(name) : 'the controller manager')} ${text}`;
    sentences.push(sentence(s));
    if (!action.minor && main === undefined) main = s;
    if (name && !controllers.includes(name) && name !== 'events') controllers.push(name);
  }
  return { sentences, main, controllers };
}

function why(controllers: readonly string[]): string[] {
  return controllers.map((c) => CONTROLLERS[c]?.why).filter((w): w is string => !!w);
}

function failures(d: Delivery): string[] {
  return notesAfter(d, 'sync ').map(
    (n) =>
      `${sentence(`The sync of ${n}`)} The key goes back on the work queue with rate-limited back-off, and the next sync starts from the informer's newer copy.`,
  );
}

function narrateWatch(d: Delivery): Narration {
  const p = d.payload?.kind === 'api.watch' ? d.payload : undefined;
  const kind = refOf(p?.object)?.kind ?? d.event.object?.kind;
  const resource = kind ? `${kind.toLowerCase()}s` : '';
  const readers = (READERS[resource] ?? []).map(controllerTitle);
  const handlers = readers.length
    ? `The handlers of ${list(readers)} (and the garbage collector's graph) see it; those that care add the object's key, or its owner's, to their work queues.`
    : "The handlers of the controllers that read this resource (and the garbage collector's graph) add keys to their work queues.";
  const n = narrateWatchEvent(d, handlers);
  if (sentOfKind(d, 'timer').length)
    n.details!.push(
      'The workers take the queued keys a moment later, so a burst of changes to one object is synced once.',
    );
  n.details!.push(...d.notes.filter((x) => !x.startsWith('informer ')).map(sentence));
  return n;
}

function narrateWorkers(d: Delivery): Narration {
  const w = work(d);
  const details = [
    "The workers take keys (namespace/name) off the work queues and run each controller's sync for them. A sync is level-based: it reads the whole desired and actual state from the informer caches, not from the event that queued the key.",
    ...w.sentences.slice(1),
    ...why(w.controllers),
    ...failures(d),
    ...d.notes.filter((x) => !x.startsWith('sync ')).map(sentence),
  ];
  if (!w.sentences.length)
    return {
      actor: ACTOR,
      headline:
        d.sent === undefined
          ? "The controller manager's workers take the queued keys and run the controllers' syncs."
          : "The controller manager's workers run the queued syncs; nothing needs to change, since the actual state already matches the desired state.",
      details,
    };
  if (w.sentences.some((s) => s.startsWith('The controller manager deletes pod ')))
    details.push(
      'The ReplicaSet, DaemonSet and Job controllers delete the pods they no longer need; the Event recorded after the reply names which one. A ReplicaSet picks its surplus pods with getPodsToDelete: unscheduled before scheduled, pending before running, not ready before ready, then pods on crowded nodes and the newest first.',
    );
  const n: Narration = { actor: ACTOR, headline: w.sentences[0]!, details };
  if (w.main) n.title = w.main;
  return n;
}

function narrateReply(d: Delivery): Narration {
  const n = narrateResponse(d);
  const w = work(d, undefined, true);
  if (w.main) n.title = w.main;
  if (w.sentences.length) {
    n.details = [
      ...(n.details ?? []),
      `With the reply in, the sync goes on. ${w.sentences.join(' ')}`,
      ...why(w.controllers),
    ];
  }
  n.details = [...(n.details ?? []), ...failures(d)];
  return n;
}

function narrateControllerTimer(d: Delivery, name: string): Narration {
  const rest = name.slice('ctrl/'.length);
  const slash = rest.indexOf('/');
  const controller = rest.slice(0, slash);
  const timer = rest.slice(slash + 1);
  const w = work(d, controller, true);
  const title = capitalize(controllerTitle(controller));
  const notes = d.notes.map(sentence);
  const headline =
    timer === 'monitorNodeHealth'
      ? `${title} checks the health of every node (monitorNodeHealth).`
      : timer === 'evict'
        ? `${title}'s timer for a pod fires: its toleration time on a NoExecute taint is over.`
        : timer === 'gc'
          ? `${title} runs its periodic sweep.`
          : `${title}'s timer ${timer} fires.`;
  return {
    actor: ACTOR,
    headline,
    details: [
      ...notes,
      ...w.sentences,
      ...why([controller, ...w.controllers.filter((c) => c !== controller)]),
    ],
    ...(w.main ? { title: w.main } : {}),
  };
}

/** A delivery to kube-controller-manager. */
export function narrateControllerManager(d: Delivery): Narration {
  const kind = d.payload?.kind ?? d.event.kind;
  if (kind === 'api.watch') return narrateWatch(d);
  if (kind === 'api.response') return narrateReply(d);
  const name = timerName(d);
  if (name === 'workers') return narrateWorkers(d);
  if (name.startsWith('ctrl/')) return narrateControllerTimer(d, name);
  return (
    narrateClientTimer(d, name) ?? {
      actor: ACTOR,
      headline: `The controller manager's timer ${name} fires.`,
      details: d.notes.map(sentence),
    }
  );
}
