/**
 * The namespace controller (pkg/controller/namespace, 'namespace'): once a namespace has a
 * deletionTimestamp it deletes everything in it, resource by resource (deletecollection, or a
 * list and one delete per object where a resource does not offer deletecollection), checks what
 * is left, records that in the namespace's conditions, and when nothing is left removes its own
 * `kubernetes` finalizer through the finalize subresource; the apiserver then deletes it.
 */
import { deepCopy, formatRfc3339, parseRfc3339 } from '../../../shared/index.ts';
import type { KubeObject } from '../../api/objects.ts';
import { RESOURCES, groupResource, type ResourceInfo } from '../../api/resources.ts';
import {
  Lister,
  WorkQueue,
  isNotFound,
  isSuccess,
  messageOf,
  sendDelete,
  sendList,
  sendRequest,
  sendUpdateStatus,
  type ClientResponse,
} from '../../client/index.ts';
import type { ControllerDefinition, ControllerKit } from '../framework.ts';
import { failureConditions, updateConditions, type ContentTotals } from './conditions.ts';

/** The finalizer the namespace controller owns (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = 'kubernetes';
/** How long content with finalizers is given before the next check (finalizerEstimateSeconds). */
const FINALIZER_ESTIMATE_SECONDS = 15;

type Step = 'deletecollection' | 'list' | 'deleteEach' | 'verify';

interface ResourceProgress {
  step: Step;
  /** Deletes of single objects still in flight. */
  deletes: number;
}

interface DeletionPass {
  resources: Record<string, ResourceProgress>;
  totals: ContentTotals;
  estimateSeconds: number;
}

export interface NamespaceState {
  /** Namespace name -> the deletion pass running for it. */
  passes: Record<string, DeletionPass>;
  /** Resources whose deletecollection the apiserver refused as not allowed. */
  noDeleteCollection: string[];
}

/** Every namespaced resource we serve: what a terminating namespace must be emptied of. */
export const NAMESPACED_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter((r) => r.namespaced);

const gvr = (r: ResourceInfo) => `${r.group}/${r.version}, Resource=${r.resource}`;
const ref = (r: ResourceInfo) => groupResource(r);

function now(kit: ControllerKit) {
  return formatRfc3339(kit.settings.startSeconds + kit.ctx.now / 1000);
}

function send(kit: ControllerKit, ns: string, r: ResourceInfo, step: Step) {
  const data = { ns, resource: ref(r), step };
  if (step === 'deletecollection')
    sendRequest(
      kit.client,
      kit.ctx,
      { verb: 'deletecollection', resource: ref(r), namespace: ns },
      { tag: kit.tag('content'), data },
    );
  else sendList(kit.client, kit.ctx, ref(r), { namespace: ns }, { tag: kit.tag('content'), data });
}

function startPass(s: NamespaceState, ns: string, kit: ControllerKit) {
  const pass: DeletionPass = {
    resources: {},
    totals: { remaining: {}, finalizers: {}, errors: [] },
    estimateSeconds: 0,
  };
  s.passes[ns] = pass;
  kit.ctx.note(`namespace ${ns} is terminating: deleting its content`);
  for (const r of NAMESPACED_RESOURCES) {
    // Pods first get a LIST for estimateGracefulTermination.
    const step: Step =
      r.resource === 'pods' || s.noDeleteCollection.includes(ref(r)) ? 'list' : 'deletecollection';
    pass.resources[ref(r)] = { step, deletes: 0 };
    send(kit, ns, r, step);
  }
}

/** estimateGracefulTermination: the longest grace period a pod still has to run out. */
function estimateGracefulTermination(
  pods: readonly KubeObject[],
  namespace: KubeObject,
  kit: ControllerKit,
): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace =
      pod.metadata.deletionGracePeriodSeconds ??
      (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)
        ?.terminationGracePeriodSeconds ??
      30;
    estimate = Math.max(estimate, grace);
  }
  const deletedAt = parseRfc3339(namespace.metadata.deletionTimestamp ?? '') ?? 0;
  const since = kit.settings.startSeconds + kit.ctx.now / 1000 - deletedAt;
  return since >= estimate ? 0 : estimate;
}

function handleContent(s: NamespaceState, response: ClientResponse, kit: ControllerKit) {
  const { ns, resource, step } = response.data as { ns: string; resource: string; step: Step };
  const pass = s.passes[ns];
  const r = NAMESPACED_RESOURCES.find((x) => ref(x) === resource);
  const progress = pass?.resources[resource];
  if (!pass || !r || !progress) return;
  const items = () => (response.body as { items?: KubeObject[] }).items ?? [];
  if (step === 'deletecollection') {
    if (response.code === 405) {
      s.noDeleteCollection.push(resource);
      progress.step = 'list';
      return send(kit, ns, r, 'list');
    }
    if (!isSuccess(response)) pass.totals.errors.push(messageOf(response));
    progress.step = 'verify';
    return send(kit, ns, r, 'verify');
  }
  if (step === 'list') {
    if (!isSuccess(response)) {
      pass.totals.errors.push(messageOf(response));
      return finishResource(s, ns, resource, kit);
    }
    if (r.resource === 'pods') {
      const namespace = Lister.get(kit.informer('namespaces'), '', ns);
      if (namespace)
        pass.estimateSeconds = Math.max(
          pass.estimateSeconds,
          estimateGracefulTermination(items(), namespace, kit),
        );
      if (!s.noDeleteCollection.includes(resource)) {
        progress.step = 'deletecollection';
        return send(kit, ns, r, 'deletecollection');
      }
    }
    // deleteEachItem: one DELETE per object listed.
    progress.step = 'deleteEach';
    for (const item of items()) {
      progress.deletes++;
      sendDelete(kit.client, kit.ctx, resource, ns, item.metadata.name!, {
        tag: kit.tag('deleteItem'),
        data: { ns, resource },
      });
    }
    if (progress.deletes === 0) {
      progress.step = 'verify';
      send(kit, ns, r, 'verify');
    }
    return;
  }
  // verify: what is left, and with which finalizers.
  if (!isSuccess(response)) {
    pass.totals.errors.push(messageOf(response));
    return finishResource(s, ns, resource, kit);
  }
  const left = items();
  if (left.length) {
    const key = `${r.resource}.${r.group}`;
    pass.totals.remaining[key] = left.length;
    const finalizers: Record<string, number> = {};
    for (const item of left)
      for (const f of item.metadata.finalizers ?? []) finalizers[f] = (finalizers[f] ?? 0) + 1;
    for (const [f, n] of Object.entries(finalizers))
      pass.totals.finalizers[f] = (pass.totals.finalizers[f] ?? 0) + n;
    const estimate = r.resource === 'pods' ? pass.estimateSeconds : 0;
    if (estimate === 0) {
      if (Object.keys(finalizers).length)
        pass.estimateSeconds = Math.max(pass.estimateSeconds, FINALIZER_ESTIMATE_SECONDS);
      else
        pass.totals.errors.push(
          `unexpected items still remain in namespace: ${ns} for gvr: ${gvr(r)}`,
        );
    }
  }
  finishResource(s, ns, resource, kit);
}

function handleDeleteItem(s: NamespaceState, response: ClientResponse, kit: ControllerKit) {
  const { ns, resource } = response.data as { ns: string; resource: string };
  const pass = s.passes[ns];
  const progress = pass?.resources[resource];
  const r = NAMESPACED_RESOURCES.find((x) => ref(x) === resource);
  if (!pass || !progress || !r) return;
  if (!isSuccess(response) && !isNotFound(response)) pass.totals.errors.push(messageOf(response));
  if (--progress.deletes === 0) {
    progress.step = 'verify';
    send(kit, ns, r, 'verify');
  }
}

function finishResource(s: NamespaceState, ns: string, resource: string, kit: ControllerKit) {
  const pass = s.passes[ns]!;
  delete pass.resources[resource];
  if (Object.keys(pass.resources).length) return;
  delete s.passes[ns];
  const namespace = Lister.get(kit.informer('namespaces'), '', ns);
  if (!namespace) return;
  const t = now(kit);
  const conditions = updateConditions(namespace, failureConditions(pass.totals, t), t);
  if (conditions) {
    const copy = deepCopy(namespace);
    copy.status = { ...(copy.status as object), conditions };
    sendUpdateStatus(kit.client, kit.ctx, 'namespaces', copy, { tag: kit.tag('status') });
  }
  if (pass.totals.errors.length) {
    kit.ctx.note(`deletion of namespace ${ns} failed: ${pass.totals.errors.join('; ')}`);
    return WorkQueue.addRateLimited(kit.queue, ns, kit.ctx);
  }
  if (pass.estimateSeconds > 0) {
    // ResourcesRemainingError: look again after half the estimate.
    const wait = Math.floor(pass.estimateSeconds / 2) + 1;
    kit.ctx.note(`namespace ${ns}: content remaining, checking again in ${wait}s`);
    return WorkQueue.addAfter(kit.queue, ns, wait * 1000, kit.ctx);
  }
  finalizeNamespace(namespace, kit);
}

/** finalizeNamespace: spec.finalizers without `kubernetes`, PUT to /finalize. */
function finalizeNamespace(namespace: KubeObject, kit: ControllerKit) {
  const copy = deepCopy(namespace);
  const spec = (copy.spec ?? {}) as { finalizers?: string[] };
  spec.finalizers = (spec.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES);
  copy.spec = spec;
  kit.ctx.note(`namespace ${namespace.metadata.name} is empty: removing the kubernetes finalizer`);
  sendRequest(
    kit.client,
    kit.ctx,
    {
      verb: 'update',
      resource: 'namespaces',
      name: namespace.metadata.name!,
      subresource: 'finalize',
      body: copy,
    },
    { tag: kit.tag('finalize'), data: namespace.metadata.name! },
  );
}

export const namespaceController: ControllerDefinition<NamespaceState> = {
  name: 'namespace',
  eventSource: 'namespace-controller',
  informers: [{ resource: 'namespaces' }],
  init() {
    return { passes: {}, noDeleteCollection: [] };
  },
  handleEvent(_s, _resource, event, kit) {
    if (event.type !== 'delete' && event.object.metadata.deletionTimestamp)
      WorkQueue.add(kit.queue, event.object.metadata.name!);
  },
  handleResponse(s, response, kit) {
    if (response.tag === 'content') handleContent(s, response, kit);
    else if (response.tag === 'deleteItem') handleDeleteItem(s, response, kit);
    else if (response.tag === 'finalize' && !isSuccess(response) && !isNotFound(response))
      WorkQueue.addRateLimited(kit.queue, response.data as string, kit.ctx);
  },
  sync(s, key, kit) {
    const ns = Lister.get(kit.informer('namespaces'), '', key);
    if (!ns?.metadata.deletionTimestamp) return;
    const finalizers = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    if (!finalizers.includes(FINALIZER_KUBERNETES)) return; // finalized; the apiserver finishes
    if (s.passes[key]) return; // a pass is running; it requeues when done
    startPass(s, key, kit);
  },
};
