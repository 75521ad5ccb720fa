/**
 * helper.DefaultSelector: the selector the system default spread constraints use, merged from
 * the services that select the pod and the selector of its controlling ReplicaSet or StatefulSet.
 */
import {
  labelSelectorFromObject,
  selectorFromSet,
  matchesLabels,
  type LabelSelector,
} from '../api/labels.ts';
import { listerGet, listerList } from '../client/index.ts';
import type { KubeObject } from '../api/objects.ts';
import type { SchedulerInformers } from './state.ts';
import type { PodInfo } from './types.ts';

type Obj = Record<string, unknown>;

export function defaultSelector(informers: SchedulerInformers, p: PodInfo): LabelSelector {
  const set: Record<string, string> = {};
  for (const svc of listerList(informers.services, { namespace: p.namespace })) {
    const sel = (svc.spec as Obj | undefined)?.selector as Record<string, string> | undefined;
    if (!sel) continue;
    if (matchesLabels(selectorFromSet(sel), p.labels)) Object.assign(set, sel);
  }
  let selector = selectorFromSet(set);
  const owner = (p.pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!owner) return selector;
  const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : '';
  let ctrl: KubeObject | undefined;
  if (group === 'apps' && owner.kind === 'ReplicaSet')
    ctrl = listerGet(informers.replicasets, p.namespace, owner.name);
  else if (group === 'apps' && owner.kind === 'StatefulSet' && informers.statefulsets)
    ctrl = listerGet(informers.statefulsets, p.namespace, owner.name);
  if (!ctrl) return selector;
  const parsed = labelSelectorFromObject(
    (ctrl.spec as Obj | undefined)?.selector as Parameters<typeof labelSelectorFromObject>[0],
  );
  if (!parsed.ok || parsed.selector.nothing) return selector;
  const requirements = [...selector.requirements, ...parsed.selector.requirements].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  selector = { requirements };
  return selector;
}
