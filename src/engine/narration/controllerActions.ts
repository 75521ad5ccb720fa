/**
 * Which controller sent an API request, and what the request does, told from the request alone
 * (the controller manager sends all of them under one identity). Requests that several
 * controllers send alike are said without a controller.
 */
import type { ApiRequestPayload } from '../api/protocol.ts';
import { BY_EVENT_SOURCE } from './controllerCatalog.ts';
import { arr, controllerOf, dig, num, str } from './fields.ts';
import { describeRequest } from './requests.ts';
import { count, objectName, saysDoes } from './words.ts';

export interface Action {
  /** The controller's --controllers name, or undefined when the request does not say. */
  controller: string | undefined;
  /** Requests with the same group are said once, with their count. */
  group: string;
  text: (n: number) => string;
  /** Whether it is bookkeeping (an Event, a read) rather than the controller's work. */
  minor: boolean;
}

function single(controller: string | undefined, text: string, minor = false): Action {
  return { controller, group: `${controller}:${text}`, text: () => text, minor };
}

function replicasText(body: unknown): string {
  const n = num(dig(body, 'spec', 'replicas'));
  return n === undefined ? 'a new number of replicas' : count(n, 'replica');
}

function statusCounts(body: unknown): string {
  const s = dig(body, 'status');
  const parts = [
    ['replicas', num(dig(s, 'replicas'))],
    ['ready', num(dig(s, 'readyReplicas'))],
    ['available', num(dig(s, 'availableReplicas'))],
    ['updated', num(dig(s, 'updatedReplicas'))],
  ].filter(([, v]) => v !== undefined);
  return parts.length ? ` (${parts.map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
}

function podCreation(body: unknown, namespace: string): Action {
  const owner = controllerOf(body);
  const controller =
    owner?.kind === 'ReplicaSet'
      ? 'replicaset'
      : owner?.kind === 'DaemonSet'
        ? 'daemonset'
        : owner?.kind === 'Job'
          ? 'job'
          : undefined;
  const of = owner ? ` for ${owner.kind} ${namespace}/${owner.name}` : '';
  return {
    controller,
    group: `${controller}:create-pods${of}`,
    text: (n) => (n === 1 ? `creates a pod${of}` : `creates ${n} pods${of}`),
    minor: false,
  };
}

function podStatusAction(body: unknown, name: string, patch: boolean): Action {
  const conditions = arr(dig(body, 'status', 'conditions'));
  if (conditions.some((c) => str(dig(c, 'type')) === 'DisruptionTarget'))
    return single(
      'taint-eviction-controller',
      `marks ${name} with the DisruptionTarget condition before deleting it`,
    );
  if (str(dig(body, 'status', 'phase')) === 'Failed')
    return single('podgc', `marks ${name} Failed`);
  if (!patch)
    return single('node-lifecycle', `marks ${name} not Ready (its node stopped reporting)`);
  return single(undefined, `patches the status of ${name}`);
}

/** What one request of the controller manager does. */
export function classifyRequest(p: ApiRequestPayload): Action {
  const view = describeRequest(p);
  const info = view.info;
  const name = objectName(view.target);
  if (!info) return single(undefined, saysDoes(view.phrase));
  const { verb, resource, subresource } = info;
  const write = verb === 'update' || verb === 'patch';
  if (resource === 'events') {
    const source = str(dig(p.body, 'source', 'component'));
    return single(source ? BY_EVENT_SOURCE[source] : undefined, saysDoes(view.phrase), true);
  }
  if (resource === 'pods' && verb === 'create' && !subresource)
    return podCreation(p.body, info.namespace);
  if (resource === 'pods' && subresource === 'status' && write)
    return podStatusAction(p.body, name, verb === 'patch');
  if (resource === 'replicasets' && verb === 'create')
    return single(
      'deployment',
      `creates ReplicaSet ${view.target.namespace}/${view.target.name} with ${replicasText(p.body)}`,
    );
  if (resource === 'replicasets' && write && !subresource) {
    const replicas = num(dig(p.body, 'spec', 'replicas'));
    return single(
      'deployment',
      replicas !== undefined ? `scales ${name} to ${replicasText(p.body)}` : `updates ${name}`,
    );
  }
  if (resource === 'replicasets' && subresource === 'status')
    return single('replicaset', `updates the status of ${name}${statusCounts(p.body)}`);
  if (resource === 'deployments' && subresource === 'status')
    return single('deployment', `updates the status of ${name}${statusCounts(p.body)}`);
  if (subresource === 'scale')
    return single(
      'horizontalpodautoscaling',
      `sets the scale of ${name} to ${replicasText(p.body)}`,
    );
  if (resource === 'horizontalpodautoscalers')
    return single('horizontalpodautoscaling', `updates the status of ${name}`);
  if (info.apiGroup === 'metrics.k8s.io')
    return single('horizontalpodautoscaling', `reads pod metrics (${view.phrase})`);
  if (resource === 'nodes' && subresource === 'status')
    return single('node-lifecycle', `sets the conditions of ${name} to Unknown`);
  if (resource === 'nodes' && write) {
    if (dig(p.body, 'spec', 'taints') !== undefined)
      return single(
        'node-lifecycle',
        view.phrase.replace(/^(update|patch) the taints/, 'sets the taints'),
      );
    if (dig(p.body, 'spec', 'podCIDR') !== undefined)
      return single(
        'nodeipam',
        `gives ${name} the pod CIDR ${str(dig(p.body, 'spec', 'podCIDR'))}`,
      );
  }
  if (resource === 'endpoints' && verb !== 'get')
    return single(
      'endpoint',
      `${verb === 'create' ? 'creates' : 'updates'} Endpoints ${view.target.namespace}/${view.target.name}`,
    );
  if (resource === 'endpointslices')
    return single(
      'endpointslice',
      `${verb === 'create' ? 'creates' : verb === 'delete' ? 'deletes' : 'updates'} ${name}`,
    );
  if (resource === 'serviceaccounts' && verb === 'create')
    return single('serviceaccount', `creates ${name}`);
  if (resource === 'namespaces' && subresource === 'finalize')
    return single('namespace', `finalizes ${name}`);
  // Only the garbage collector says how dependents go (DeleteOptions.propagationPolicy).
  if (verb === 'delete' && str(dig(p.body, 'propagationPolicy')))
    return single(
      'garbagecollector',
      `deletes ${name} (propagationPolicy ${str(dig(p.body, 'propagationPolicy'))})`,
    );
  if (verb === 'deletecollection') return single('namespace', saysDoes(view.phrase));
  if (
    write &&
    (dig(p.body, 'metadata', 'ownerReferences') !== undefined ||
      dig(p.body, 'metadata', 'finalizers') !== undefined)
  )
    return single(undefined, `changes the ownerReferences or finalizers of ${name}`);
  return single(undefined, saysDoes(view.phrase), verb === 'get' || verb === 'list');
}

/** Merges requests that do the same into one phrase each ('creates 2 pods for ...'). */
export function mergeActions(actions: Action[]): { action: Action; text: string }[] {
  const groups = new Map<string, { action: Action; n: number }>();
  for (const a of actions) {
    const g = groups.get(a.group);
    if (g) g.n++;
    else groups.set(a.group, { action: a, n: 1 });
  }
  return [...groups.values()].map(({ action, n }) => ({ action, text: action.text(n) }));
}
