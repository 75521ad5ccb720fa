/**
 * BaseControllerRefManager.ClaimObject with the Pod and ReplicaSet managers' adopt and release
 * (pkg/controller/controller_ref_manager.go, v1.30). For each candidate:
 *
 * - owned by another controller: ignore;
 * - owned by us and matching the selector: claimed;
 * - owned by us but no longer matching: release it (unless we are being deleted), not claimed;
 * - an orphan that matches, is not being deleted, lives in our namespace, while we are not being
 *   deleted: adopt it. Before the first adoption the owner is re-read from the apiserver
 *   (RecheckDeletionTimestamp) so a controller that was just deleted adopts nothing.
 *
 * Adoption and release are strategic merge patches of metadata.ownerReferences carrying the
 * dependent's uid as a precondition. Claims run one after the other, as in Go.
 */
import { isSuccess, isInvalid, isNotFound, type RequestSpec } from '../../client/index.ts';
import type { LabelSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/objects.ts';
import { errorText } from './apiErrors.ts';
import { factsMatch, readFacts, selectorKey, type ObjectFacts } from './objectFacts.ts';
import { newControllerRef } from './ownerRefs.ts';
import type { Run } from './syncRun.ts';
import { goTimeString } from './time.ts';

export interface ClaimSpec {
  owner: KubeObject;
  ownerApiVersion: string;
  ownerKind: string;
  ownerResource: string;
  selector: LabelSelector;
  /** The dependents' resource and kind: 'pods'/'Pod', 'replicasets.apps'/'ReplicaSet'. */
  resource: string;
  kind: string;
  /** FilterActivePods first: pods that are not active are no candidates (the ReplicaSet's claim). */
  activeOnly?: boolean;
  /**
   * Finalizers an adoption adds and a release removes with the owner reference (the Job's
   * batch.kubernetes.io/job-tracking, NewPodControllerRefManager's finalizers).
   */
  finalizers?: readonly string[];
}

export interface ClaimResult {
  claimed: KubeObject[];
  /** What each claimed object says (objectFacts.ts), in the order of `claimed`. */
  claimedFacts: ObjectFacts[];
  /** utilerrors.NewAggregate of the failures, undefined when none. */
  error?: string;
}

function patchSpec(
  spec: ClaimSpec,
  obj: KubeObject,
  ownerRefs: unknown[],
  finalizers?: Record<string, unknown>,
): RequestSpec {
  return {
    verb: 'patch',
    resource: spec.resource,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    patchType: 'application/strategic-merge-patch+json',
    body: { metadata: { ownerReferences: ownerRefs, uid: obj.metadata.uid, ...finalizers } },
  };
}

/** RecheckDeletionTimestamp around a quorum GET of the owner: undefined if it may adopt. */
function canAdopt(run: Run, spec: ClaimSpec): string | undefined {
  const owner = spec.owner;
  const ns = owner.metadata.namespace ?? '';
  const name = owner.metadata.name ?? '';
  const reply = run.call({ verb: 'get', resource: spec.ownerResource, namespace: ns, name });
  if (!isSuccess(reply)) return errorText(reply);
  const fresh = reply.body as unknown as KubeObject;
  if (fresh.metadata.uid !== owner.metadata.uid)
    return `original ${spec.ownerKind} ${ns}/${name} is gone: got uid ${fresh.metadata.uid ?? ''}, wanted ${owner.metadata.uid ?? ''}`;
  const deleted = fresh.metadata.deletionTimestamp;
  if (deleted) return `${ns}/${name} has just been deleted at ${goTimeString(deleted)}`;
  return undefined;
}

type Verdict = 'claim' | 'release' | 'adopt';

/**
 * The candidates that are not ignored, in order, with what to do with each; no verdicts when
 * every one is claimed (a ReplicaSet's own pods, the usual case: no per-pod array to fill).
 */
interface ClaimPlan {
  facts: ObjectFacts[];
  /** The candidates' objects, while every one is claimed (the claim then returns it as is). */
  objects?: KubeObject[];
  verdicts?: Verdict[];
}

/**
 * Candidates as an array (walked by index) or as a map's values (walked with forEach): a sync
 * walks thousands, and an iterator allocates a result per step where the walk is not inlined.
 */
export type Candidates = readonly ObjectFacts[] | ReadonlyMap<string, ObjectFacts>;

const isList = (c: Candidates): c is readonly ObjectFacts[] => Array.isArray(c);

/**
 * The decisions that need no API call, in candidate order; ignored candidates are left out. Pure
 * in its inputs, so a replayed run reads it from the journal instead of walking every pod again.
 * Parallel arrays rather than an entry per candidate, sized once for every candidate and cut to
 * length at the end: a sync classifies thousands of pods.
 */
function classify(spec: ClaimSpec, candidates: Candidates): ClaimPlan {
  const owner = spec.owner;
  const ownerUid = owner.metadata.uid;
  const ownerDeleting = Boolean(owner.metadata.deletionTimestamp);
  const size = isList(candidates) ? candidates.length : candidates.size;
  const facts = new Array<ObjectFacts>(size);
  let objects: KubeObject[] | undefined = new Array<KubeObject>(size);
  let verdicts: Verdict[] | undefined;
  let n = 0;
  const add = (f: ObjectFacts, verdict: Verdict) => {
    if (verdict !== 'claim' && !verdicts) {
      verdicts = new Array<Verdict>(size).fill('claim', 0, n);
      objects = undefined;
    }
    facts[n] = f;
    if (objects) objects[n] = f.object;
    if (verdicts) verdicts[n] = verdict;
    n++;
  };
  const key = selectorKey(spec.selector);
  const activeOnly = spec.activeOnly === true;
  const consider = (f: ObjectFacts) => {
    if (activeOnly && !f.active) return;
    const ref = f.controller;
    if (ref && f.controllerUid !== ownerUid) return;
    const match = factsMatch(f, spec.selector, key);
    if (ref) {
      if (match) add(f, 'claim');
      else if (!ownerDeleting) add(f, 'release');
      return;
    }
    const obj = f.object;
    if (ownerDeleting || !match) return;
    if (obj.metadata.deletionTimestamp) return;
    if (owner.metadata.namespace && owner.metadata.namespace !== obj.metadata.namespace) return;
    add(f, 'adopt');
  };
  if (isList(candidates)) for (let i = 0; i < candidates.length; i++) consider(candidates[i]!);
  else candidates.forEach(consider);
  facts.length = n;
  const plan: ClaimPlan = { facts };
  if (objects) (plan.objects = objects).length = n;
  if (verdicts) (plan.verdicts = verdicts).length = n;
  return plan;
}

export function claimObjects(
  run: Run,
  spec: ClaimSpec,
  objects: readonly KubeObject[],
): ClaimResult {
  return claimFacts(run, spec, () => objects.map(readFacts));
}

/**
 * claimObjects for a caller that keeps its candidates' facts (objectFacts.ts) already. The
 * candidates are read once, inside the journaled classification (a replay does not call it).
 */
export function claimFacts(run: Run, spec: ClaimSpec, candidates: () => Candidates): ClaimResult {
  const owner = spec.owner;
  const ownerUid = owner.metadata.uid;
  const errors: string[] = [];
  let adoptCheck: { error: string | undefined } | undefined;
  const plan = run.read(() => classify(spec, candidates()));
  const verdicts = plan.verdicts;
  if (!verdicts) return { claimed: plan.objects!, claimedFacts: plan.facts };
  const claimed: KubeObject[] = [];
  const claimedFacts: ObjectFacts[] = [];
  for (let i = 0; i < plan.facts.length; i++) {
    const obj = plan.facts[i]!.object;
    const verdict = verdicts[i]!;
    if (verdict === 'claim') {
      claimed.push(obj);
      claimedFacts.push(plan.facts[i]!);
      continue;
    }
    if (verdict === 'release') {
      const drop = spec.finalizers?.length
        ? { '$deleteFromPrimitiveList/finalizers': [...spec.finalizers] }
        : undefined;
      const reply = run.call(patchSpec(spec, obj, [{ $patch: 'delete', uid: ownerUid }], drop));
      if (!isSuccess(reply) && !isNotFound(reply) && !isInvalid(reply))
        errors.push(errorText(reply));
      continue;
    }
    adoptCheck ??= { error: canAdopt(run, spec) };
    if (adoptCheck.error !== undefined) {
      const id = `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''} (${obj.metadata.uid ?? ''})`;
      errors.push(`can't adopt ${spec.kind} ${id}: ${adoptCheck.error}`);
      continue;
    }
    const controllerRef = newControllerRef(owner, spec.ownerApiVersion, spec.ownerKind);
    const add = spec.finalizers?.length ? { finalizers: [...spec.finalizers] } : undefined;
    const reply = run.call(patchSpec(spec, obj, [controllerRef], add));
    if (isSuccess(reply)) {
      claimed.push(obj);
      claimedFacts.push(plan.facts[i]!);
    } else if (!isNotFound(reply)) errors.push(errorText(reply));
  }
  if (errors.length === 0) return { claimed, claimedFacts };
  return {
    claimed,
    claimedFacts,
    error: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`,
  };
}
