/**
 * A whole simulated cluster: the control plane (etcd, kube-apiserver, kube-scheduler,
 * kube-controller-manager, cloud-controller-manager), the cloud provider, metrics-server and a
 * load generator, and for every machine its containerd, kubelet and kube-proxy. Also the actions
 * a learner takes that are not API requests: machines that stop, join, leave or lose the network,
 * components that stop and start, containers that crash, load that changes.
 */
import { nodeInternalIP, type KubeletConfig, type Taint } from '../node/kubelet/config.ts';
import type { ControllerManagerSettings } from '../controllers/framework.ts';
import type { SchedulerConfig } from '../scheduler/index.ts';

import { Cluster, type ClusterOptions } from './cluster.ts';
import { FULL_COMPONENTS } from './components.ts';
import type { CONTROL_PLANE } from './controlPlane.ts';
import type { Checkpoint } from '../sim/sequencerTypes.ts';

export interface MachineSpec {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  zone?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  /** A control-plane node: labelled and tainted node-role.kubernetes.io/control-plane. */
  controlPlane?: boolean;
}

export interface FullClusterOptions extends ClusterOptions {
  /** The machines; three 4-CPU/8Gi workers in zones a, b, c when absent. */
  nodes?: MachineSpec[];
  controllerManager?: Partial<ControllerManagerSettings>;
  scheduler?: SchedulerConfig;
  /** Kubelet settings every node shares (status and lease timings). */
  kubelet?: Partial<Omit<KubeletConfig, 'nodeName'>>;
}

const ZONES = ['a', 'b', 'c'];
export const REGION = 'kubeviz-central1';

export function defaultMachines(count = 3): MachineSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `node-${i + 1}`,
    zone: `${REGION}-${ZONES[i % ZONES.length]}`,
  }));
}

/** The node's own components: its container runtime, kubelet and kube-proxy. */
export function nodeComponents(node: string): string[] {
  return [`containerd/${node}`, `kubelet/${node}`, `kube-proxy/${node}`];
}

function nodeIndex(name: string, fallback: number): number {
  const m = /(\d+)$/.exec(name);
  return m ? Number(m[1]) : fallback;
}

export interface ClusterCheckpoint {
  sequencer: Checkpoint;
  machines: [string, MachineSpec][];
}

export class KubevizCluster extends Cluster {
  private readonly machines = new Map<string, MachineSpec>();

  constructor(readonly fullOptions: FullClusterOptions = {}) {
    super({ ...fullOptions, registry: { ...FULL_COMPONENTS, ...fullOptions.registry } });
    const nodes = fullOptions.nodes ?? defaultMachines();
    const s = this.sequencer;
    s.startComponent('cloud', 'cloud', {
      region: REGION,
      machines: nodes.map((n, i) => this.machineFor(n, i)),
    });
    s.startComponent('kube-scheduler', 'kube-scheduler', fullOptions.scheduler ?? {});
    s.startComponent('kube-controller-manager', 'kube-controller-manager', {
      settings: fullOptions.controllerManager ?? {},
    });
    s.startComponent('cloud-controller-manager', 'cloud-controller-manager', {});
    s.startComponent('metrics-server', 'metrics-server', {});
    s.startComponent('loadgen', 'loadgen', {});
    nodes.forEach((n, i) => this.bootNode(n, i));
  }

  nodeNames(): string[] {
    return [...this.machines.keys()];
  }

  private machineFor(spec: MachineSpec, i: number) {
    const index = nodeIndex(spec.name, i + 1);
    return {
      nodeName: spec.name,
      zone: spec.zone ?? `${REGION}-${ZONES[i % ZONES.length]}`,
      internalIP: nodeInternalIP(index),
    };
  }

  /**
   * The kubelet's flags for a machine: what it registers its Node with. A restarted kubelet gets
   * the same ones, since a machine's kubelet flags do not change between runs.
   */
  private kubeletConfigFor(
    spec: MachineSpec,
    i: number,
    machine = this.machineFor(spec, i),
  ): KubeletConfig {
    const labels = {
      ...spec.labels,
      ...(spec.controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    };
    // A cloud-backed kubelet registers uninitialized; the cloud-controller-manager takes the taint off.
    const taints: Taint[] = [
      ...(spec.taints ?? []),
      ...(spec.controlPlane
        ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }]
        : []),
      {
        key: 'node.cloudprovider.kubernetes.io/uninitialized',
        value: 'true',
        effect: 'NoSchedule',
      },
    ];
    return {
      ...this.fullOptions.kubelet,
      nodeName: spec.name,
      capacity: { cpu: spec.cpu ?? '4', memory: spec.memory ?? '8Gi', pods: spec.pods ?? 110 },
      labels,
      zone: machine.zone,
      registerWithTaints: taints,
      internalIP: machine.internalIP,
    };
  }

  private bootNode(given: MachineSpec, i: number): void {
    // Kept with its zone resolved: a restart must not place it by its (shifting) index again.
    const machine = this.machineFor(given, i);
    const spec = { ...given, zone: machine.zone };
    this.machines.set(spec.name, spec);
    const s = this.sequencer;
    s.startComponent(`containerd/${spec.name}`, 'containerd', { nodeName: spec.name });
    s.startComponent(`kubelet/${spec.name}`, 'kubelet', this.kubeletConfigFor(spec, i, machine));
    s.startComponent(`kube-proxy/${spec.name}`, 'kube-proxy', {
      nodeName: spec.name,
      nodeIPs: [machine.internalIP],
    });
  }

  /** A new machine joins: the cloud knows it, and its agents start and register a Node. */
  addNode(spec: MachineSpec): void {
    if (this.machines.has(spec.name)) throw new Error(`node ${spec.name} already exists`);
    const i = this.machines.size;
    const machine = this.machineFor(spec, i);
    this.sequencer.inject('kubectl', 'cloud', {
      kind: 'cloud.request',
      request: {
        method: 'AddMachine',
        nodeName: spec.name,
        zone: machine.zone,
        internalIP: machine.internalIP,
      },
    });
    this.bootNode(spec, i);
  }

  /** The machine is deleted in the cloud: its agents stop, and the cloud-controller-manager removes the Node. */
  removeNode(name: string): void {
    this.requireNode(name);
    for (const id of nodeComponents(name))
      if (this.sequencer.isRunning(id)) this.sequencer.stopComponent(id);
    this.sequencer.inject('kubectl', 'cloud', {
      kind: 'cloud.request',
      request: { method: 'RemoveMachine', nodeName: name },
    });
    this.machines.delete(name);
  }

  /** The machine powers off: kubelet, kube-proxy and containerd stop (and their containers with them). */
  stopNode(name: string): void {
    this.requireNode(name);
    for (const id of nodeComponents(name))
      if (this.sequencer.isRunning(id)) this.sequencer.stopComponent(id);
    this.sequencer.inject('kubectl', 'cloud', {
      kind: 'cloud.request',
      request: { method: 'StopMachine', nodeName: name },
    });
  }

  /** The machine boots again: fresh agents that find their Node and re-sync. */
  startNode(name: string): void {
    const spec = this.requireNode(name);
    this.sequencer.inject('kubectl', 'cloud', {
      kind: 'cloud.request',
      request: { method: 'StartMachine', nodeName: name },
    });
    this.bootNode(spec, [...this.machines.keys()].indexOf(name));
  }

  /**
   * Cuts (or heals) the network between a node's agents and the rest of the cluster. The agents
   * still reach each other: the kubelet talks to containerd over a local socket.
   */
  partitionNode(name: string, partitioned: boolean): void {
    this.requireNode(name);
    for (const id of nodeComponents(name))
      this.sequencer.setPartitioned(id, partitioned, `node/${name}`);
  }

  /** Stops or starts a control-plane component (a restarted one starts empty and re-lists). */
  setComponentRunning(
    id: (typeof CONTROL_PLANE)[number] | `kubelet/${string}`,
    running: boolean,
  ): void {
    if (running) {
      if (this.sequencer.isRunning(id)) return;
      const config =
        id === 'kube-scheduler'
          ? (this.fullOptions.scheduler ?? {})
          : id === 'kube-controller-manager'
            ? { settings: this.fullOptions.controllerManager ?? {} }
            : {};
      if (id.startsWith('kubelet/')) {
        const name = id.slice('kubelet/'.length);
        const spec = this.requireNode(name);
        const i = [...this.machines.keys()].indexOf(name);
        this.sequencer.startComponent(id, 'kubelet', this.kubeletConfigFor(spec, i));
      } else {
        this.sequencer.startComponent(id, id, config);
      }
    } else if (this.sequencer.isRunning(id)) {
      this.sequencer.stopComponent(id);
    }
  }

  /** A container's process dies (exit code, or the OOM killer). */
  crashContainer(
    namespace: string,
    pod: string,
    container: string,
    options: { exitCode?: number; oomKilled?: boolean } = {},
  ): void {
    const bound = this.stored(`/registry/pods/${namespace}/`).find((p) => p.metadata.name === pod);
    const node = (bound?.spec as { nodeName?: string } | undefined)?.nodeName;
    if (!node) throw new Error(`pod ${namespace}/${pod} is not running on a node`);
    this.sequencer.inject('kubectl', `containerd/${node}`, {
      kind: 'fault',
      fault: { type: 'crashContainer', namespace, pod, container, ...options },
    });
  }

  /** Sets the CPU the outside world asks of a workload (the HPA's input). */
  setLoad(namespace: string, selector: string, millicores: number): void {
    this.sequencer.inject('kubectl', 'loadgen', {
      kind: 'load.set',
      workload: { namespace, selector, millicores },
    });
  }

  /** Everything that decides the future: the sequencer's checkpoint and the machines that exist. */
  checkpoint(): ClusterCheckpoint {
    return {
      sequencer: this.sequencer.checkpoint(),
      machines: structuredClone([...this.machines]),
    };
  }

  /** Goes back to a checkpoint (components in remote hosts are restored by their hosts). */
  restore(checkpoint: ClusterCheckpoint): void {
    this.sequencer.restore(checkpoint.sequencer);
    this.machines.clear();
    for (const [name, spec] of structuredClone(checkpoint.machines)) this.machines.set(name, spec);
  }

  private requireNode(name: string): MachineSpec {
    const spec = this.machines.get(name);
    if (!spec) throw new Error(`no node named ${name}`);
    return spec;
  }
}
