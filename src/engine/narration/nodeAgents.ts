/**
 * Deliveries to containerd and kube-proxy, the node agents besides the kubelet: CRI calls, image
 * pulls and container exits in the runtime; rule syncs and packets in kube-proxy.
 */
import { narrateClientTimer, narrateWatchEvent, timerName } from './clients.ts';
import { criPhrase } from './cri.ts';
import { dig, str } from './fields.ts';
import { notesAfter, type Delivery } from './lookups.ts';
import type { Narration } from './types.ts';
import { nodeOf, sentence, who, Who } from './words.ts';

function trafficHeadline(d: Delivery): string {
  const p = d.payload?.kind === 'traffic' ? d.payload : undefined;
  if (!p) return `${Who(d.event.to)} handles a packet: ${d.event.summary}.`;
  if (p.response) {
    const r = p.response;
    return `${Who(d.event.to)} passes a reply back toward the client: ${r.status ? `status ${r.status}${r.servedBy ? ` from ${r.servedBy}` : ''}` : (r.error ?? 'failed')}.`;
  }
  return `${Who(d.event.to)} gets a connection to ${p.destination}.`;
}

function narrateContainerd(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload;
  const notes = d.notes.map(sentence);
  switch (p?.kind ?? d.event.kind) {
    case 'cri.request': {
      const request = p?.kind === 'cri.request' ? p.request : undefined;
      const phrase = request ? criPhrase(request) : d.event.summary;
      const pulling = notesAfter(d, 'pulling ')[0];
      return {
        actor,
        headline: pulling
          ? `${Who(actor)} starts pulling ${pulling}.`
          : sentence(`${Who(d.event.from)} asks ${who(actor)} to ${phrase}`),
        details: [
          'The kubelet talks to the container runtime through the CRI, a gRPC API: sandboxes (the pause container holding the pod network namespace), images and containers.',
          ...notes,
        ],
      };
    }
    case 'fault': {
      const f = p?.kind === 'fault' ? p.fault : undefined;
      const target = f ? `container ${f.container} of pod ${f.namespace}/${f.pod}` : 'a container';
      const headline = f?.oomKilled
        ? `You have the OOM killer end ${target} (exit code 137, OOMKilled).`
        : `You crash ${target}: its process exits with code ${f?.exitCode ?? 1}.`;
      return {
        actor,
        headline,
        details: [
          'containerd reports the exit as a container event; the kubelet will restart the container according to the pod restartPolicy, after a back-off.',
          ...notes,
        ],
        title: `You crash a container of ${f ? `pod ${f.namespace}/${f.pod}` : 'a pod'}`,
      };
    }
    case 'traffic':
      return { actor, headline: trafficHeadline(d), details: notes };
    default: {
      const name = timerName(d);
      const image = str(dig(p?.kind === 'timer' ? p.data : undefined, 'image'));
      if (name === 'pull')
        return {
          actor,
          headline: `${Who(actor)} finishes pulling ${image ?? 'the image'} and answers the kubelet's PullImage.`,
          details: notes,
          title: `${Who(actor)} has pulled ${image ?? 'an image'}`,
        };
      if (name === 'exit')
        return {
          actor,
          headline: `A container's process on ${nodeOf(actor) ?? actor} exits.`,
          details: [
            ...notes,
            'containerd sends the kubelet a container event (CONTAINER_STOPPED_EVENT).',
          ],
          title: `A container exits on ${nodeOf(actor) ?? actor}`,
        };
      return { actor, headline: `${Who(actor)}'s timer ${name} fires.`, details: notes };
    }
  }
}

function narrateKubeProxy(d: Delivery): Narration {
  const actor = d.event.to;
  const kind = d.payload?.kind ?? d.event.kind;
  const synced = d.notes.filter((n) => n.startsWith('syncProxyRules'));
  if (kind === 'api.watch') {
    const n = narrateWatchEvent(
      d,
      "kube-proxy watches Services and EndpointSlices and turns them into the node's iptables rules (a Service's ClusterIP is DNATed to one of its endpoints).",
    );
    n.details!.push(...d.notes.map(sentence));
    return n;
  }
  if (kind === 'traffic')
    return {
      actor,
      headline: trafficHeadline(d),
      details: [
        'The packet walks the nat table as iptables would: KUBE-SERVICES, the Service chain, one endpoint chain chosen at random, then DNAT to the pod IP; conntrack remembers the connection so the reply is translated back.',
        ...d.notes.map(sentence),
      ],
    };
  const client = narrateClientTimer(d, timerName(d));
  if (client) return client;
  return {
    actor,
    headline: synced.length
      ? `${Who(actor)} rewrites its iptables rules.`
      : `${Who(actor)}'s timer ${timerName(d)} fires.`,
    details: [
      'syncProxyRules is rate limited (the sync runner), so a burst of changes becomes one rewrite.',
      ...d.notes.map(sentence),
    ],
  };
}

/** A delivery to a node agent other than the kubelet. */
export function narrateNodeAgent(d: Delivery): Narration {
  if (d.event.to.startsWith('containerd/')) return narrateContainerd(d);
  if (d.event.to.startsWith('kube-proxy/')) return narrateKubeProxy(d);
  return {
    actor: d.event.to,
    headline: `${Who(d.event.to)} handles ${d.event.summary}.`,
    details: d.notes.map(sentence),
  };
}
