/**
 * The controllers kube-controller-manager hosts, as the narration names and explains them: by the
 * name --controllers uses, by the event source their Events carry, which informers they read, and
 * what their sync does in real Kubernetes terms.
 */

export interface ControllerInfo {
  /** 'the ReplicaSet controller' */
  title: string;
  /** What its sync does, one or two sentences. */
  why: string;
}

export const CONTROLLERS: Record<string, ControllerInfo> = {
  deployment: {
    title: 'the Deployment controller',
    why: 'syncDeployment reads the Deployment and its ReplicaSets from the informer caches and decides how many pods each ReplicaSet should run (a new ReplicaSet for a new pod template, named with its pod-template-hash; surge and unavailability limits during a rolling update). It never creates pods itself.',
  },
  replicaset: {
    title: 'the ReplicaSet controller',
    why: 'syncReplicaSet counts the active pods that match the ReplicaSet and compares them with spec.replicas. manageReplicas creates missing pods in slow-start batches (1, then 2, 4, ...; a failure stops the rest) or deletes surplus ones, and records expectations so it does not act on this ReplicaSet again until its informer has seen those pods.',
  },
  'node-lifecycle': {
    title: 'the node lifecycle controller',
    why: 'monitorNodeHealth runs every 5 s: a node whose kubelet has neither posted status nor renewed its Lease within the grace period gets Unknown conditions, its pods are marked not Ready, and it is tainted NoExecute (node.kubernetes.io/unreachable or not-ready), which evicts pods that do not tolerate it.',
  },
  'taint-eviction-controller': {
    title: 'the taint eviction controller',
    why: 'It deletes pods on nodes with NoExecute taints: at once for pods that do not tolerate the taint, after tolerationSeconds for those that tolerate it for a while (300 s by default for not-ready and unreachable).',
  },
  endpoint: {
    title: 'the endpoints controller',
    why: 'For every Service it lists the pods its selector picks and writes their addresses (Ready ones under addresses, others under notReadyAddresses) into the Endpoints object of the same name.',
  },
  endpointslice: {
    title: 'the EndpointSlice controller',
    why: "For every Service it keeps EndpointSlices listing the selected pods' addresses and readiness; kube-proxy on each node reads them to program its rules.",
  },
  garbagecollector: {
    title: 'the garbage collector',
    why: 'It follows ownerReferences: when an owner is gone, it deletes the dependents (background or foreground propagation) or removes the reference (orphan).',
  },
  horizontalpodautoscaling: {
    title: 'the HPA controller',
    why: "Every 15 s it reads pod CPU from metrics.k8s.io and computes desiredReplicas = ceil(currentReplicas × currentUtilization / targetUtilization), then sets the target's scale subresource (within the stabilization window).",
  },
  podgc: {
    title: 'the PodGC controller',
    why: 'It deletes terminated pods beyond the threshold, pods bound to nodes that no longer exist, and terminating pods on out-of-service nodes.',
  },
  namespace: {
    title: 'the namespace controller',
    why: "When a namespace is Terminating it deletes everything in it, then removes the 'kubernetes' finalizer so the namespace itself can go.",
  },
  serviceaccount: {
    title: 'the ServiceAccount controller',
    why: "It makes sure every namespace has a ServiceAccount named 'default'.",
  },
  nodeipam: {
    title: 'the node IPAM controller',
    why: 'It gives each node a pod CIDR (spec.podCIDR) from the cluster CIDR; the node hands pod IPs out of it.',
  },
  daemonset: {
    title: 'the DaemonSet controller',
    why: 'It runs one pod of the DaemonSet on every node that should run it, creating and deleting pods as nodes come and go.',
  },
  job: {
    title: 'the Job controller',
    why: 'It creates pods until the Job has the completions it asks for, within its parallelism and backoffLimit.',
  },
  events: {
    title: 'the event recorder',
    why: 'Components report what they did as Event objects through the API; kubectl get events lists them.',
  },
};

/** The controller an Event's source.component names. */
export const BY_EVENT_SOURCE: Record<string, string> = {
  'deployment-controller': 'deployment',
  'replicaset-controller': 'replicaset',
  'node-controller': 'node-lifecycle',
  'taint-eviction-controller': 'taint-eviction-controller',
  'endpoint-controller': 'endpoint',
  'endpointslice-controller': 'endpointslice',
  'garbage-collector-controller': 'garbagecollector',
  'horizontal-pod-autoscaler': 'horizontalpodautoscaling',
  'pod-garbage-collector': 'podgc',
  'namespace-controller': 'namespace',
  cidrAllocator: 'nodeipam',
  'daemonset-controller': 'daemonset',
  'job-controller': 'job',
};

/**
 * Which controllers' event handlers a change of each resource reaches (the informers each
 * controller declares; the garbage collector watches every resource).
 */
export const READERS: Record<string, string[]> = {
  deployments: ['deployment'],
  replicasets: ['replicaset', 'deployment'],
  pods: [
    'replicaset',
    'deployment',
    'endpoint',
    'endpointslice',
    'node-lifecycle',
    'podgc',
    'job',
    'daemonset',
  ],
  nodes: ['node-lifecycle', 'nodeipam', 'daemonset', 'endpointslice', 'podgc'],
  leases: ['node-lifecycle'],
  services: ['endpoint', 'endpointslice'],
  namespaces: ['namespace', 'serviceaccount'],
};

export function controllerTitle(name: string): string {
  return CONTROLLERS[name]?.title ?? `the ${name} controller`;
}
