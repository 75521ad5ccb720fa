/**
 * narrate: what one delivery did and why, in plain English, for the narration panel. It picks the
 * narrator of the receiving component; each says what arrived, what the component did about it
 * (its notes on the trace, the messages it sent) and how real Kubernetes does the same.
 */
import type { Payload } from '../protocol.ts';
import type { TraceEvent } from '../sim/trace.ts';
import { narrateApiServer } from './apiserver.ts';
import { narrateWatchEnd } from './clients.ts';
import { narrateControllerManager } from './controllers.ts';
import { narrateEtcd } from './etcd.ts';
import { narrateKubelet } from './kubelet.ts';
import { narrateDropped, narrateLifecycle, withCrash } from './lifecycle.ts';
import { delivery, type Delivery } from './lookups.ts';
import { narrateNodeAgent } from './nodeAgents.ts';
import { narrateOther } from './others.ts';
import { narrateScheduler } from './scheduler.ts';
import type { Narration, NarrationContext } from './types.ts';

function byReceiver(d: Delivery): Narration {
  const to = d.event.to;
  if (to === 'kube-apiserver') return narrateApiServer(d);
  if (to === 'etcd') return narrateEtcd(d);
  if (to === 'kube-scheduler') return narrateScheduler(d);
  if (to === 'kube-controller-manager') return narrateControllerManager(d);
  if (to.startsWith('kubelet/')) return narrateKubelet(d);
  if (to.startsWith('containerd/') || to.startsWith('kube-proxy/')) return narrateNodeAgent(d);
  return narrateOther(d);
}

/**
 * Narrates one trace event. `payload` is the delivered message's payload (undefined for lifecycle
 * events, or when the caller does not have it); `context` answers optional lookups.
 */
export function narrate(
  event: TraceEvent,
  payload: Payload | undefined,
  context: NarrationContext = {},
): Narration {
  const d = delivery(event, payload, context);
  const lifecycle = narrateLifecycle(d);
  if (lifecycle) return lifecycle;
  if (event.dropped) return narrateDropped(event);
  const n =
    event.kind === 'api.watchEnd' && event.to !== 'kube-apiserver'
      ? narrateWatchEnd(d)
      : byReceiver(d);
  if (n.details && n.details.length === 0) delete n.details;
  return withCrash(n, event);
}
