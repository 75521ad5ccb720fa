/** Small wording helpers: component names, object names, lists and counts in plain English. */
import type { ObjectRef } from '../sim/trace.ts';

const NAMES: Record<string, string> = {
  'kube-apiserver': 'the apiserver',
  etcd: 'etcd',
  'kube-scheduler': 'the scheduler',
  'kube-controller-manager': 'the controller manager',
  'cloud-controller-manager': 'the cloud controller manager',
  cloud: 'the cloud provider',
  kubectl: 'kubectl',
  user: 'you',
  'metrics-server': 'metrics-server',
  loadgen: 'the load generator',
};

/** The node a node agent runs on ('kubelet/node-1' -> 'node-1'), if it is one. */
export function nodeOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(slash + 1) : undefined;
}

/** How a sentence names a component: 'the scheduler', 'the kubelet on node-1'. */
export function who(id: string): string {
  const known = NAMES[id];
  if (known) return known;
  const node = nodeOf(id);
  if (node !== undefined) {
    const agent = id.slice(0, id.indexOf('/'));
    return agent === 'kubelet' ? `the kubelet on ${node}` : `${agent} on ${node}`;
  }
  return id;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `who` at the start of a sentence; names that are spelled lower case (kubectl, etcd) stay so. */
export function Who(id: string): string {
  const name = who(id);
  return name.startsWith('the ') || name === 'you' ? capitalize(name) : name;
}

/** Kinds a student reads as ordinary words stay lower case, as in "pod web-x on node-1". */
const PLAIN_KINDS = new Set(['Pod', 'Node', 'Namespace']);

export function kindWord(kind: string | undefined): string {
  if (!kind) return 'object';
  return PLAIN_KINDS.has(kind) ? kind.toLowerCase() : kind;
}

/** 'pod default/web-x', 'node node-1', 'Deployment default/web'. */
export function objectName(ref: ObjectRef | undefined): string {
  if (!ref?.name) return kindWord(ref?.kind);
  const ns = ref.namespace ? `${ref.namespace}/` : '';
  return `${kindWord(ref.kind)} ${ns}${ref.name}`;
}

/** 'a', 'a and b', 'a, b and c'. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** '1 pod', '3 pods'. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Ends a sentence with a full stop unless it already has one. */
export function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Virtual milliseconds as a learner reads them: '1 ms', '1.7 s', '5 min'. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  const min = s / 60;
  return `${Number.isInteger(min) ? min : min.toFixed(1)} min`;
}

/** HTTP reason phrases for the status codes the apiserver answers with. */
const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request Entity Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function httpStatus(code: number): string {
  return REASONS[code] ? `${code} ${REASONS[code]}` : String(code);
}

/** 'create' -> 'creates', 'patch' -> 'patches', 'watch' -> 'watches'. */
export function thirdPerson(verb: string): string {
  return /(ch|sh|s|x)$/.test(verb) ? `${verb}es` : `${verb}s`;
}

/** A verb phrase in the third person: 'create pod x' -> 'creates pod x'. */
export function saysDoes(phrase: string): string {
  return phrase.replace(/^(\w+)/, (verb) => thirdPerson(verb));
}
