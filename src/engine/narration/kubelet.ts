/**
 * Deliveries to a kubelet: pods bound to its node arriving through its watch, containerd's answers
 * and container events, its heartbeats (Lease and node status), the status manager's patches,
 * and the metrics and load it is asked about.
 */
import { narrateClientTimer, narrateResponse, narrateWatchEvent, timerName } from './clients.ts';
import { criEventText, criPhrase } from './cri.ts';
import { dig, num, podStatusText, refOf } from './fields.ts';
import { requestOf, sentOfKind, sentRequests, type Delivery } from './lookups.ts';
import { describeRequest } from './requests.ts';
import type { Narration } from './types.ts';
import { capitalize, count, nodeOf, objectName, sentence, Who, who } from './words.ts';

/** What the kubelet did in this delivery: CRI calls and API requests, as sentences. */
function kubeletWork(d: Delivery): string[] {
  const out: string[] = [];
  const runtime = who(`containerd/${nodeOf(d.event.to) ?? ''}`);
  for (const c of sentOfKind(d, 'cri.request'))
    out.push(`It asks ${runtime} to ${criPhrase(c.payload.request)}.`);
  for (const r of sentRequests(d)) {
    const phrase = describeRequest(r.payload).phrase;
    out.push(`It asks the apiserver to ${phrase}.`);
  }
  return out;
}

function statusPatch(d: Delivery): string | undefined {
  for (const r of sentRequests(d))
    if (
      r.payload.method === 'PATCH' &&
      r.payload.path.endsWith('/status') &&
      r.payload.path.includes('/pods/')
    )
      return podStatusText(dig(r.payload.body, 'status'));
  return undefined;
}

function narratePodWatch(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload?.kind === 'api.watch' ? d.payload : undefined;
  const ref = refOf(p?.object) ?? d.event.object;
  const pod = objectName(ref);
  const node = nodeOf(actor) ?? '';
  const done = kubeletWork(d);
  const deleting = p ? dig(p.object, 'metadata', 'deletionTimestamp') !== undefined : false;
  const n = narrateWatchEvent(
    d,
    `The kubelet watches only pods whose spec.nodeName is ${node} (a field selector), so this pod is one it must run.`,
  );
  if (p?.type === 'ADDED' && !deleting) {
    n.headline = `${Who(actor)} sees ${pod}, newly bound to its node, and starts it.`;
    n.title = `${Who(actor)} starts ${pod}`;
    n.details!.push(
      "HandlePodAdditions admits the pod (it must fit the node's allocatable CPU, memory and pod count) and gives it a pod worker, whose SyncPod compares the pod spec with what the runtime runs and takes the next step.",
    );
  } else if (deleting && p?.type !== 'DELETED') {
    const grace = num(dig(p?.object, 'metadata', 'deletionGracePeriodSeconds'));
    n.headline = `${Who(actor)} sees that ${pod} is being deleted${grace !== undefined ? ` (grace period ${grace} s)` : ''}.`;
    n.title = `${Who(actor)} stops ${pod}`;
    n.details!.push(
      'SyncTerminatingPod stops the containers (SIGTERM, then SIGKILL when the grace period ends) and the sandbox; once they are gone the kubelet writes the final status and deletes the pod object with grace period 0.',
    );
  } else if (p?.type === 'DELETED') {
    n.details!.push('The pod object is gone; the kubelet forgets its pod worker.');
  } else if (!done.length && d.sent !== undefined) {
    n.details!.push(
      'Nothing the kubelet acts on changed (its own status write coming back, for example).',
    );
  }
  n.details!.push(...done);
  return n;
}

function narrateCriReply(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload?.kind === 'cri.response' ? d.payload : undefined;
  const request = p ? requestOf(d, p.inReplyTo) : undefined;
  const method = request?.kind === 'cri.request' ? request.request.method : undefined;
  const runtime = Who(d.event.from);
  const answer = p?.error
    ? `${runtime} answers ${method ?? 'a CRI call'} with an error: rpc error: code = ${p.error.code} desc = ${p.error.message}`
    : `${runtime} answers ${method ?? 'a CRI call'}: done`;
  const done = kubeletWork(d);
  const status = statusPatch(d);
  const details = [
    'The pod worker waits for each CRI call, as the real worker goroutine blocks on it, then runs SyncPod again and takes the next step.',
    ...done,
  ];
  const n: Narration = { actor, headline: sentence(answer), details };
  if (status?.includes('Running')) {
    const pod = sentRequests(d)
      .map((r) => describeRequest(r.payload).target)
      .find((t) => t.kind === 'Pod');
    n.headline = sentence(
      `${answer}; ${who(actor)} reports ${objectName(pod)} to the apiserver: ${status}`,
    );
    n.title = `${Who(actor)} reports ${objectName(pod)} Running`;
  }
  return n;
}

function narrateKubeletTimer(d: Delivery): Narration {
  const actor = d.event.to;
  const name = timerName(d);
  const done = kubeletWork(d);
  const notes = d.notes.map(sentence);
  const simple = (headline: string, why: string, title?: string): Narration => ({
    actor,
    headline,
    details: [why, ...done, ...notes],
    ...(title && done.length ? { title } : {}),
  });
  switch (name) {
    case 'leaseRenew':
      return simple(
        `${Who(actor)} renews its Lease (its heartbeat).`,
        'Every 10 s (a quarter of the 40 s lease duration) the kubelet updates renewTime on its Lease in kube-node-lease. The node lifecycle controller reads it: a node whose lease is not renewed within the grace period is marked unreachable.',
        `${Who(actor)} renews its lease`,
      );
    case 'nodeStatus':
      return simple(
        done.length
          ? `${Who(actor)} reports its node status.`
          : `${Who(actor)} checks its node status; nothing to report.`,
        'Every 10 s (nodeStatusUpdateFrequency) the kubelet builds the Node status: conditions, capacity and allocatable, addresses, images. It patches the Node when something changed or when the last report is older than nodeStatusReportFrequency (5 min).',
        `${Who(actor)} reports its node status`,
      );
    case 'runtimeStatus':
      return simple(
        `${Who(actor)} asks its runtime whether it is healthy.`,
        'Every 5 s the kubelet asks the runtime for its status (updateRuntimeUp); a runtime or network that is not ready makes the node NotReady.',
      );
    case 'imageList':
      return simple(
        `${Who(actor)} refreshes its list of images.`,
        "The Node status lists the images on the node; the scheduler's ImageLocality score reads them.",
      );
    case 'statusSync':
      return simple(
        `${Who(actor)}'s status manager checks every pod's status against the apiserver's copy.`,
        'The status manager patches the status of pods whose status changed (syncBatch runs every 10 s, and right away after a change).',
      );
    case 'podCidrFallback':
      return d.notes.length
        ? simple(
            `${Who(actor)} stops waiting for a pod CIDR from the node IPAM controller.`,
            'Without spec.podCIDR it uses its configured fallback range for pod IPs.',
          )
        : simple(
            `${Who(actor)}'s wait for a pod CIDR ends; it already has one.`,
            'The node IPAM controller set spec.podCIDR on its Node in time.',
          );
    case 'podSync':
      return simple(
        `${Who(actor)}'s pod worker wakes up to sync a pod again.`,
        'A pod worker waits out back-offs (a crashed container, a failed pull) and probe periods with a timer, then runs SyncPod again.',
        `${Who(actor)} syncs a pod again`,
      );
    default:
      return (
        narrateClientTimer(d, name) ??
        simple(`${Who(actor)}'s timer ${name} fires.`, 'A timer the kubelet set for itself.')
      );
  }
}

/** A delivery to a kubelet. */
export function narrateKubelet(d: Delivery): Narration {
  const actor = d.event.to;
  const p = d.payload;
  switch (p?.kind ?? d.event.kind) {
    case 'api.watch': {
      const kind =
        (p?.kind === 'api.watch' ? refOf(p.object)?.kind : undefined) ?? d.event.object?.kind;
      if (kind === 'Pod') return narratePodWatch(d);
      const n = narrateWatchEvent(
        d,
        'The kubelet watches its own Node object, for the pod CIDR the node IPAM controller assigns.',
      );
      n.details!.push(...d.notes.map(sentence), ...kubeletWork(d));
      return n;
    }
    case 'cri.response':
      return narrateCriReply(d);
    case 'cri.event': {
      const text = p?.kind === 'cri.event' ? criEventText(p) : d.event.summary;
      return {
        actor,
        headline: sentence(`${Who(d.event.from)} reports that ${text}`),
        details: [
          'The kubelet hears of container changes from the runtime (the pod lifecycle event generator, PLEG) and syncs the pod: a container that exited is restarted according to the restartPolicy, after a crash back-off that doubles from 10 s up to 5 minutes.',
          ...kubeletWork(d),
        ],
        title: `${capitalize(text)} on ${nodeOf(actor) ?? actor}`,
      };
    }
    case 'api.response': {
      const n = narrateResponse(d);
      n.details = [...(n.details ?? []), ...d.notes.map(sentence), ...kubeletWork(d)];
      return n;
    }
    case 'metrics.scrape': {
      const report = sentOfKind(d, 'metrics.report')[0];
      return {
        actor,
        headline: `metrics-server scrapes ${who(actor)}'s /metrics/resource endpoint${report ? `; it reports the CPU and memory of ${count(report.payload.pods.length, 'pod')}` : ''}.`,
      };
    }
    case 'load.demand':
      return {
        actor,
        headline: `The load generator tells ${who(actor)} how much CPU each of its pods is asked to burn.`,
        details: ['This stands in for real traffic: the HPA sees it through metrics-server.'],
      };
    default:
      return narrateKubeletTimer(d);
  }
}
