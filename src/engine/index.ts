/**
 * The engine's public surface: what the runtime, lessons and UI may use. Everything else under
 * src/engine is internal (lint enforces this).
 */
export {
  Cluster,
  CORE_COMPONENTS,
  ADMIN_CREDENTIALS,
  type ClusterOptions,
  type RequestOptions,
  type StoreReader,
} from './cluster/cluster.ts';
export { storeChangesSince, type StoreChanges } from './cluster/storeChanges.ts';
export {
  answerQuery,
  type ComponentAnswer,
  type ComponentQuery,
  type KeyVersionView,
} from './cluster/componentQueries.ts';
export type { KubectlState } from './cluster/kubectl.ts';
export {
  KubevizCluster,
  defaultMachines,
  type MachineSpec,
  type ClusterCheckpoint,
  type FullClusterOptions,
  nodeComponents,
} from './cluster/fullCluster.ts';
export { FULL_COMPONENTS, CONTROLLERS } from './cluster/components.ts';
export {
  Sequencer,
  type SequencerOptions,
  type Checkpoint,
  type HostCommand,
  type RemoteResult,
  type DeliveryWindow,
} from './sim/sequencer.ts';
export {
  ComponentHost,
  type ComponentRegistry,
  type ComponentSlot,
  type DeliveryResult,
} from './sim/host.ts';
export type { Component, StepContext } from './sim/component.ts';
export type { ComponentId, Envelope } from './sim/envelope.ts';
export { DEFAULT_NETWORK, type NetworkConfig } from './sim/network.ts';
export { causalChain, type TraceEvent, type TraceKind, type ObjectRef } from './sim/trace.ts';
export type { Payload, PayloadKind } from './protocol.ts';
export type { KubeObject, KubeList, Metadata } from './api/objects.ts';
export { SYSTEM_NAMESPACES } from './apiserver/bootstrap.ts';
export type { EtcdState } from './etcd/etcdServer.ts';
export * from './narration/index.ts';
// What a display needs (printers, quantities, resources, summaries) is also its own entry.
export * from './display.ts';
