/**
 * A real cluster (etcd, kube-apiserver) whose kube-controller-manager hosts only the controllers
 * under test; the test plays the scheduler and kubelet through the API. Only tests import this.
 */
import type { KubeObject } from '../api/objects.ts';
import { Cluster } from '../cluster/cluster.ts';
import { createControllerManager } from '../controllers/manager.ts';

type Controllers = Parameters<typeof createControllerManager>[0];

/** Starts the controller manager once the apiserver is serving (50 ms in). */
export function controllerCluster(seed: number, controllers: Controllers): Cluster {
  const cluster = new Cluster({
    seed,
    registry: { 'kube-controller-manager': createControllerManager(controllers) },
  });
  cluster.sequencer.runFor(50);
  cluster.sequencer.startComponent('kube-controller-manager', 'kube-controller-manager', {});
  return cluster;
}

/** The reply's body; throws when the status code is not the expected one. */
export function must(r: { code: number; body: unknown }, code: number): KubeObject {
  if (r.code !== code)
    throw new Error(`expected ${code}, got ${r.code}: ${JSON.stringify(r.body)}`);
  return r.body as KubeObject;
}
