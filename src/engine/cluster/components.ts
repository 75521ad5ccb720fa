/**
 * Every component type a full cluster runs, by type name: the registry a sequencer (or a Web
 * Worker host) instantiates components from.
 */
import { cloudControllerManager, cloudProvider } from '../cloud/index.ts';
import { daemonSetController } from '../controllers/daemonset/index.ts';
import { deploymentController } from '../controllers/deployment/index.ts';
import { endpointsController } from '../controllers/endpoints/index.ts';
import { endpointSliceController } from '../controllers/endpointslice/index.ts';
import { garbageCollector } from '../controllers/garbagecollector/index.ts';
import { hpaController } from '../controllers/hpa/index.ts';
import { jobController } from '../controllers/job/index.ts';
import { createControllerManager } from '../controllers/manager.ts';
import { namespaceController } from '../controllers/namespace/index.ts';
import { nodeIpamController } from '../controllers/nodeipam/index.ts';
import { podGcController } from '../controllers/podgc/index.ts';
import {
  nodeLifecycleController,
  taintEvictionController,
} from '../controllers/nodelifecycle/index.ts';
import { replicaSetController } from '../controllers/replicaset/index.ts';
import { serviceAccountsController } from '../controllers/serviceaccount/index.ts';
import { loadgen, metricsServer } from '../metrics/index.ts';
import { containerd } from '../node/containerd/containerd.ts';
import { kubeProxy } from '../node/kubeproxy/index.ts';
import { kubelet } from '../node/kubelet/kubelet.ts';
import { kubeScheduler } from '../scheduler/index.ts';
import type { ComponentRegistry } from '../sim/host.ts';
import { CORE_COMPONENTS } from './cluster.ts';

/** The controllers kube-controller-manager runs, in the order they are started. */
export const CONTROLLERS = [
  replicaSetController,
  deploymentController,
  daemonSetController,
  jobController,
  hpaController,
  nodeIpamController,
  nodeLifecycleController,
  taintEvictionController,
  endpointsController,
  endpointSliceController,
  serviceAccountsController,
  namespaceController,
  garbageCollector,
  podGcController,
];

export const FULL_COMPONENTS: ComponentRegistry = {
  ...CORE_COMPONENTS,
  'kube-scheduler': kubeScheduler,
  'kube-controller-manager': createControllerManager(CONTROLLERS),
  'cloud-controller-manager': cloudControllerManager,
  cloud: cloudProvider,
  'metrics-server': metricsServer,
  loadgen,
  kubelet,
  containerd,
  'kube-proxy': kubeProxy,
};
