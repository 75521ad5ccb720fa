/**
 * What the UI sees of the components and of the messages between them. Plain data, so the
 * same views can come out of a Web Worker: the diagram draws components from ComponentView and
 * packets from MessageView.
 */
import { summarize, type Envelope, type ObjectRef, type Payload } from '../engine/display.ts';

export interface ComponentView {
  /** 'kube-apiserver', 'kubelet/node-1', 'kubectl' (the user). */
  id: string;
  /** What runs: 'kubelet', 'etcd', ... (the id without its node). */
  type: string;
  /** The machine a node agent runs on. */
  node?: string;
  status: 'running' | 'stopped' | 'crashed';
  /** What the component threw, when it crashed. */
  error?: string;
}

export interface MessageView {
  /** The envelope id `${from}#${n}`. */
  id: string;
  from: string;
  to: string;
  sentAt: number;
  deliverAt: number;
  kind: string;
  summary: string;
  object?: ObjectRef;
  /**
   * A short fact from the body the summary does not carry: the node a Binding targets, the pod
   * phase a status write reports.
   */
  detail?: string;
}

/** How many in-flight messages a snapshot carries unless told otherwise. */
export const IN_FLIGHT_LIMIT = 200;

/** The components every full cluster has, outside the machines. */
export const CLUSTER_COMPONENTS = [
  'kubectl',
  'etcd',
  'kube-apiserver',
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
  'cloud',
  'metrics-server',
  'loadgen',
] as const;

/** The agents every machine runs. */
export const NODE_AGENTS = ['kubelet', 'kube-proxy', 'containerd'] as const;

export interface ComponentSource {
  /** Machine names (stopped machines included, removed ones not). */
  nodeNames: readonly string[];
  /** Components with a live process. */
  running: readonly string[];
  crashed: ReadonlyMap<string, string>;
}

/** One view per component the cluster knows: the fixed ones, then each machine's agents. */
export function componentViews(source: ComponentSource): ComponentView[] {
  const running = new Set(source.running);
  const ids: string[] = [...CLUSTER_COMPONENTS];
  for (const node of source.nodeNames)
    for (const agent of NODE_AGENTS) ids.push(`${agent}/${node}`);
  // A component started under another name (a test's extra actor) still shows.
  const known = new Set(ids);
  for (const id of [...source.running, ...source.crashed.keys()])
    if (!known.has(id)) {
      known.add(id);
      ids.push(id);
    }
  return ids.map((id) => {
    const slash = id.indexOf('/');
    const view: ComponentView = {
      id,
      type: slash < 0 ? id : id.slice(0, slash),
      status: running.has(id) ? 'running' : source.crashed.has(id) ? 'crashed' : 'stopped',
    };
    if (slash >= 0) view.node = id.slice(slash + 1);
    const error = source.crashed.get(id);
    if (error !== undefined && view.status === 'crashed') view.error = error;
    return view;
  });
}

/** Whether two lists of component views say the same (so a snapshot can keep the old list). */
export function sameComponents(a: readonly ComponentView[], b: readonly ComponentView[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((v, i) => {
    const w = b[i]!;
    return v.id === w.id && v.status === w.status && v.error === w.error;
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The fact worth printing on a packet that the one-line summary leaves out. */
export function messageDetail(payload: Payload): string | undefined {
  if (payload.kind !== 'api.request') return undefined;
  const body = record(payload.body);
  if (!body) return undefined;
  // A Binding names its node only in `target`.
  const target = record(body.target);
  if (body.kind === 'Binding' && typeof target?.name === 'string') return target.name;
  const phase = record(body.status)?.phase;
  return typeof phase === 'string' ? phase : undefined;
}

/** The view of one message in flight. */
export function messageView(envelope: Envelope): MessageView {
  const { summary, object } = summarize(envelope.payload);
  const view: MessageView = {
    id: envelope.id,
    from: envelope.from,
    to: envelope.to,
    sentAt: envelope.sentAt,
    deliverAt: envelope.deliverAt,
    kind: envelope.payload.kind,
    summary,
  };
  if (object) view.object = object;
  const detail = messageDetail(envelope.payload);
  if (detail !== undefined) view.detail = detail;
  return view;
}

/** Views of the messages in flight, each message keeping its view object while it travels. */
export class InFlightViews {
  private views = new Map<string, MessageView>();

  update(envelopes: readonly Envelope[]): MessageView[] {
    const previous = this.views;
    const next = new Map<string, MessageView>();
    const list = envelopes.map((envelope) => {
      const view = previous.get(envelope.id) ?? messageView(envelope);
      next.set(envelope.id, view);
      return view;
    });
    this.views = next;
    return list;
  }
}
