/**
 * Deliveries to the components at the edge of the cluster: kubectl (the user's client), the cloud
 * provider and the cloud-controller-manager, metrics-server and the load generator.
 */
import {
  narrateClientTimer,
  narrateResponse,
  narrateWatchEvent,
  requestsSentence,
  timerName,
} from './clients.ts';
import { sentOfKind, type Delivery } from './lookups.ts';
import type { Narration } from './types.ts';
import { count, sentence, who, Who } from './words.ts';

function notes(d: Delivery): string[] {
  return d.notes.map(sentence);
}

function narrateCloud(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload?.kind === 'cloud.request' ? d.payload.request : undefined;
  if (!p)
    return {
      actor,
      headline: `The cloud provider's timer ${timerName(d)} fires.`,
      details: notes(d),
    };
  const inventory: Record<string, string> = {
    AddMachine: `A new machine, ${'nodeName' in p ? p.nodeName : ''}, joins the cloud`,
    RemoveMachine: `The machine ${'nodeName' in p ? p.nodeName : ''} is deleted in the cloud`,
    StopMachine: `The machine ${'nodeName' in p ? p.nodeName : ''} powers off`,
    StartMachine: `The machine ${'nodeName' in p ? p.nodeName : ''} boots again`,
  };
  const user = inventory[p.method];
  if (user) return { actor, headline: sentence(user), details: notes(d), title: user };
  return {
    actor,
    headline: `${Who(d.event.from)} calls the cloud provider API: ${p.method}.`,
    details: [
      "The cloud-controller-manager reaches the provider through the cloud provider interface (InstancesV2, LoadBalancer): it asks whether each node's machine exists, fills in node addresses and zones, and builds load balancers for Services of type LoadBalancer.",
      ...notes(d),
    ],
  };
}

function narrateCcm(d: Delivery): Narration {
  const actor = d.event.to;
  const kind = d.payload?.kind ?? d.event.kind;
  const asks = requestsSentence(d);
  const calls = sentOfKind(d, 'cloud.request').map((c) => c.payload.request.method);
  const more = [
    ...notes(d),
    ...(asks ? [asks] : []),
    ...(calls.length ? [`It calls the cloud: ${calls.join(', ')}.`] : []),
  ];
  if (kind === 'api.watch') {
    const n = narrateWatchEvent(
      d,
      'The cloud node controller initializes new nodes (removing the node.cloudprovider.kubernetes.io/uninitialized taint), the cloud node lifecycle controller deletes Nodes whose machines are gone, and the service controller manages load balancers.',
    );
    n.details!.push(...more);
    return n;
  }
  if (kind === 'api.response') {
    const n = narrateResponse(d);
    n.details = [...(n.details ?? []), ...more];
    return n;
  }
  if (kind === 'cloud.response')
    return {
      actor,
      headline: `The cloud provider answers the cloud-controller-manager: ${d.event.summary}.`,
      details: more,
    };
  const name = timerName(d);
  const client = narrateClientTimer(d, name);
  if (client) return client;
  const headline = name.endsWith(':monitor')
    ? "The cloud node lifecycle controller asks the cloud whether each node's machine still exists."
    : `The cloud-controller-manager's timer ${name} fires.`;
  return { actor, headline, details: more };
}

function narrateMetricsServer(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload;
  const kind = p?.kind ?? d.event.kind;
  if (kind === 'metrics.report')
    return {
      actor,
      headline: `${Who(d.event.from)} sends metrics-server the usage of ${p?.kind === 'metrics.report' ? count(p.pods.length, 'pod') : 'its pods'}.`,
    };
  if (kind === 'api.request') {
    const answered = sentOfKind(d, 'api.response').length > 0;
    return {
      actor,
      headline: `metrics-server answers a metrics.k8s.io request the apiserver proxied to it${answered ? '' : ' (not yet)'}.`,
      details: notes(d),
    };
  }
  if (kind === 'api.watch')
    return narrateWatchEvent(d, 'metrics-server watches nodes and pods to know whom to scrape.');
  if (kind === 'api.response') return narrateResponse(d);
  const name = timerName(d);
  if (name === 'scrape')
    return {
      actor,
      headline: 'metrics-server scrapes the resource metrics of every kubelet.',
      details: [
        'Every 15 s it asks each kubelet for /metrics/resource and keeps the latest CPU and memory per pod for the metrics.k8s.io API (kubectl top, the HPA).',
        ...notes(d),
      ],
    };
  return (
    narrateClientTimer(d, name) ?? {
      actor,
      headline: `metrics-server's timer ${name} fires.`,
      details: notes(d),
    }
  );
}

function narrateLoadgen(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload;
  if (p?.kind === 'load.set') {
    const w = p.workload;
    const title = `You set the load on ${w.namespace} ${w.selector} to ${w.millicores}m CPU`;
    return {
      actor,
      headline: `${title}.`,
      details: [
        'The load generator spreads it evenly over the Running and Ready pods the selector picks.',
        ...notes(d),
      ],
      title,
    };
  }
  const kind = p?.kind ?? d.event.kind;
  if (kind === 'api.watch')
    return narrateWatchEvent(
      d,
      'The load generator watches pods to spread the load over the Ready ones.',
    );
  if (kind === 'api.response') return narrateResponse(d);
  const nodes = sentOfKind(d, 'load.demand').length;
  return {
    actor,
    headline:
      nodes || d.sent === undefined
        ? `The load generator spreads each workload's CPU demand over its Ready pods${nodes ? ` on ${count(nodes, 'node')}` : ''}.`
        : 'The load generator wakes up; no workload has any load set.',
    details: notes(d),
  };
}

function narrateKubectl(d: Delivery): Narration {
  const kind = d.payload?.kind ?? d.event.kind;
  if (kind === 'api.watch') return narrateWatchEvent(d);
  if (kind === 'api.response') return narrateResponse(d);
  if (kind === 'cloud.response')
    return {
      actor: d.event.to,
      headline: `The cloud provider confirms the change to its machines${d.payload?.kind === 'cloud.response' && d.payload.error ? `, or not: ${d.payload.error}` : ''}.`,
    };
  return { actor: d.event.to, headline: `kubectl gets ${d.event.summary}.` };
}

/** A delivery to a component with no narrator of its own. */
export function narrateOther(d: Delivery): Narration {
  switch (d.event.to) {
    case 'cloud':
      return narrateCloud(d);
    case 'cloud-controller-manager':
      return narrateCcm(d);
    case 'metrics-server':
      return narrateMetricsServer(d);
    case 'loadgen':
      return narrateLoadgen(d);
    case 'kubectl':
      return narrateKubectl(d);
    default:
      return {
        actor: d.event.to,
        headline: `${Who(d.event.to)} receives a message from ${who(d.event.from)}: ${d.event.summary}.`,
        details: notes(d),
      };
  }
}
