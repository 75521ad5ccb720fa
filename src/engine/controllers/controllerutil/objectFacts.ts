/**
 * What a claim and a status count read from an object, in one small record.
 *
 * A ReplicaSet sync claims every pod it owns and counts the ready ones: ten thousand pods, a
 * couple of hundred syncs while they start. Reading the controller reference, the labels and the
 * Ready condition out of ten thousand large objects on every sync was most of its cost (each is a
 * chain of objects scattered over the heap), so the ReplicaSet controller keeps each pod's facts
 * from the moment its informer delivers it (replicaset/podTable.ts). Cached objects are never
 * changed in place (a new version is a new object), so a version's facts never go stale. Plain
 * data: a controller's state and a sync's journal may hold them.
 */
import { parseRfc3339 } from '../../../shared/index.ts';
import { matchesLabels, type LabelSelector } from '../../api/labels.ts';
import type { KubeObject, OwnerReference } from '../../api/objects.ts';
import { getControllerOf } from './ownerRefs.ts';
import { isPodActive } from './podutil.ts';

export interface ObjectFacts {
  object: KubeObject;
  controller: OwnerReference | undefined;
  /** The controller's uid, kept here so a claim need not read the reference for every pod. */
  controllerUid: string | undefined;
  labels: Record<string, string> | undefined;
  /** Pods: IsPodActive (podutil.ts). */
  active: boolean;
  /** Pods: the Ready condition is True. */
  ready: boolean;
  /** Pods: the Ready condition's lastTransitionTime. */
  readyTransition: string | undefined;
  /** The last two selectors matched against the labels (a claim and a status count per sync). */
  keyA: string | undefined;
  matchA: boolean;
  keyB: string | undefined;
  matchB: boolean;
}

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

function readyCondition(obj: KubeObject): Condition | undefined {
  const conditions = (obj.status as { conditions?: Condition[] } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  for (const c of conditions) if (c.type === 'Ready') return c;
  return undefined;
}

export function readFacts(obj: KubeObject): ObjectFacts {
  const ready = readyCondition(obj);
  // Every field set, in one order: one shape for every object keeps the loops monomorphic.
  const controller = getControllerOf(obj);
  return {
    object: obj,
    controller,
    controllerUid: controller?.uid,
    labels: obj.metadata.labels ?? undefined,
    active: isPodActive(obj),
    ready: ready?.status === 'True',
    readyTransition: ready?.lastTransitionTime,
    keyA: undefined,
    matchA: false,
    keyB: undefined,
    matchB: false,
  };
}

/** One string per distinct selector, so factsMatch compares keys by identity, not by content. */
const canonicalKeys = new Map<string, string>();

/** A selector's identity for factsMatch: equal requirements, equal key (the same string). */
export function selectorKey(selector: LabelSelector): string {
  const text = JSON.stringify(selector);
  let key = canonicalKeys.get(text);
  if (key === undefined) {
    // A memo: dropped whole if a run ever makes this many selectors (it changes no result).
    if (canonicalKeys.size >= 10_000) canonicalKeys.clear();
    canonicalKeys.set(text, (key = text));
  }
  return key;
}

/** matchesLabels on the object's labels, remembered per selector key. */
export function factsMatch(f: ObjectFacts, selector: LabelSelector, key: string): boolean {
  if (key === f.keyA) return f.matchA;
  if (key === f.keyB) return f.matchB;
  const match = matchesLabels(selector, f.labels);
  f.keyB = f.keyA;
  f.matchB = f.matchA;
  f.keyA = key;
  f.matchA = match;
  return match;
}

/** IsPodAvailable (podutil.ts): ready, and for longer than minReadySeconds. */
export function factsAvailable(f: ObjectFacts, minReadySeconds: number, nowSeconds: number) {
  if (!f.ready) return false;
  if (minReadySeconds === 0) return true;
  const since = f.readyTransition ? parseRfc3339(f.readyTransition) : undefined;
  return since !== undefined && since + minReadySeconds < nowSeconds;
}
