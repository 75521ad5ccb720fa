/**
 * What the actions' selects offer, read from the live snapshot: Deployments, pods, machines and
 * their containers. Pure functions of the snapshot's objects, so they are tested without React.
 */
import type { KubeObject } from '../../engine/index.ts';
import type { ComponentView } from '../../runtime/view.ts';

export interface Choice {
  /** `namespace/name` for namespaced objects. */
  value: string;
  label: string;
  namespace: string;
  name: string;
}

function choiceOf(obj: KubeObject): Choice {
  const namespace = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name ?? '';
  return {
    value: `${namespace}/${name}`,
    label: namespace === 'default' ? name : `${namespace}/${name}`,
    namespace,
    name,
  };
}

export function objectChoices(objects: readonly KubeObject[]): Choice[] {
  return objects.map(choiceOf);
}

interface ContainerSpec {
  name?: string;
  image?: string;
}

/** The containers of a pod, or of a Deployment's pod template. */
export function containersOf(obj: KubeObject | undefined): ContainerSpec[] {
  const spec = obj?.spec as
    | { containers?: ContainerSpec[]; template?: { spec?: { containers?: ContainerSpec[] } } }
    | undefined;
  return spec?.containers ?? spec?.template?.spec?.containers ?? [];
}

export interface Machine {
  name: string;
  /** The machine's state; undefined for a Node object whose machine is gone. */
  power: 'running' | 'stopped' | undefined;
  /** Whether a Node object is registered for it. */
  registered: boolean;
}

/** "node-2" before "node-10". */
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Every machine the cluster has (from its node agents) and every Node object (a removed machine's
 * Node stays until the cloud-controller-manager deletes it).
 */
export function machines(
  components: readonly ComponentView[],
  nodes: readonly KubeObject[],
): Machine[] {
  const found = new Map<string, Machine>();
  // A machine is up while any of its agents runs: a crashed kubelet leaves containerd running.
  for (const c of components) {
    if (!c.node) continue;
    const known = found.get(c.node);
    const up = c.status === 'running' || known?.power === 'running';
    found.set(c.node, { name: c.node, power: up ? 'running' : 'stopped', registered: false });
  }
  for (const n of nodes) {
    const name = n.metadata.name ?? '';
    const known = found.get(name);
    if (known) known.registered = true;
    else found.set(name, { name, power: undefined, registered: true });
  }
  return [...found.values()].sort((a, b) => byName(a.name, b.name));
}

/** The first `node-N` no machine or Node uses yet. */
export function nextNodeName(taken: readonly Machine[]): string {
  const names = new Set(taken.map((m) => m.name));
  let i = 1;
  while (names.has(`node-${i}`)) i++;
  return `node-${i}`;
}
