/**
 * The controllers kube-controller-manager runs, in the order it starts them, by the name
 * `--controllers` uses, with the short label a display shows. A list of plain names so a page
 * can show them without loading the controllers; catalog.test.ts keeps it equal to CONTROLLERS.
 */
export const CONTROLLER_CATALOG: readonly { name: string; label: string }[] = [
  { name: 'replicaset', label: 'ReplicaSet' },
  { name: 'deployment', label: 'Deployment' },
  { name: 'daemonset', label: 'DaemonSet' },
  { name: 'job', label: 'Job' },
  { name: 'horizontalpodautoscaling', label: 'HPA' },
  { name: 'nodeipam', label: 'Node IPAM' },
  { name: 'node-lifecycle', label: 'Node lifecycle' },
  { name: 'taint-eviction-controller', label: 'Taint eviction' },
  { name: 'endpoint', label: 'Endpoints' },
  { name: 'endpointslice', label: 'EndpointSlice' },
  { name: 'serviceaccount', label: 'ServiceAccount' },
  { name: 'namespace', label: 'Namespace' },
  { name: 'garbagecollector', label: 'Garbage collector' },
  { name: 'podgc', label: 'Pod GC' },
];
