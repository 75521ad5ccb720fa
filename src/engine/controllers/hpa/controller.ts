/**
 * The HorizontalPodAutoscaler controller (pkg/controller/podautoscaler): every sync period it
 * reconciles each HPA against its target's scale subresource and the pods' metrics from
 * metrics.k8s.io. Informer events only (re)arm the periodic sync; pods are read from the lister.
 */
import type { JsonValue } from '../../../shared/index.ts';
import { objectKey, splitKey } from '../../api/objects.ts';
import { Lister, WorkQueue } from '../../client/index.ts';
import type { ControllerDefinition } from '../framework.ts';
import {
  HPA_RESOURCE,
  addRateLimited,
  onMetrics,
  onRescale,
  onScale,
  onStatus,
  startReconcile,
  type HpaControllerState,
} from './reconcile.ts';

export const hpaController: ControllerDefinition<HpaControllerState> = {
  name: 'horizontalpodautoscaling',
  eventSource: 'horizontal-pod-autoscaler',
  informers: [{ resource: HPA_RESOURCE }, { resource: 'pods' }],
  init: () => ({ history: {}, selectors: {}, inflight: {} }),
  handleEvent(state, resource, event, kit) {
    if (resource !== HPA_RESOURCE) return;
    const key = objectKey(event.object);
    if (event.type === 'delete') {
      WorkQueue.forget(kit.queue, key);
      delete state.selectors[key];
      return;
    }
    addRateLimited(kit, key);
    // Registered with a selector that selects nothing until its first reconcile finds the real one.
    if (!(key in state.selectors)) state.selectors[key] = null;
  },
  sync(state, key, kit) {
    const { namespace, name } = splitKey(key);
    const hpa = Lister.get(kit.informer(HPA_RESOURCE), namespace, name);
    if (!hpa) {
      delete state.history[key];
      delete state.inflight[key];
      return;
    }
    // One reconcile per HPA at a time (the real worker blocks on its requests).
    if (state.inflight[key]) return;
    startReconcile(state, key, hpa, kit);
  },
  handleResponse(state, response, kit) {
    const key = response.data as string;
    const r = state.inflight[key];
    if (!r || r.request !== response.id) return;
    if (response.tag === 'scale') onScale(state, key, r, response, kit);
    else if (response.tag === 'metrics') onMetrics(state, key, r, response, kit);
    else if (response.tag === 'rescale') onRescale(state, key, r, response, kit);
    else if (response.tag === 'status') onStatus(state, key, r, response, kit);
  },
  handleTimer(state, name, data: JsonValue | undefined, kit) {
    if (name !== 'metricsTimeout') return;
    const { key, request } = data as { key: string; request: string };
    const r = state.inflight[key];
    // No reply in time: the request fails as a client-side timeout would.
    if (!r || r.request !== request || !kit.client.pending.has(request)) return;
    kit.client.pending.delete(request);
    const timedOut = { id: request, tag: 'metrics', data: key, code: 0, body: {}, timedOut: true };
    onMetrics(state, key, r, timedOut, kit);
  },
};
