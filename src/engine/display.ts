/**
 * The engine's display side: what the page's own thread needs to show a cluster it does not
 * run (kubectl's printers and errors, quantities, the API's resource table, message summaries,
 * label and field selectors parsed and matched as the apiserver does, a workload's selector text).
 * A public entry of its own, next to index.ts, so the page's first load does not pull in the
 * components: bundlers place every module reached through a barrel the page shares with the
 * fallback runtime in the page's first chunk.
 */
export * from './kubectl/index.ts';
export { toMilli, toNumber, formatMilli, formatBytes } from './api/quantity.ts';
export {
  RESOURCES,
  findResource,
  findKind,
  resourcePath,
  apiVersionOf,
  type ResourceInfo,
} from './api/resources.ts';
export { isStatus, type StatusObject } from './api/status.ts';
export { objectKey, splitKey } from './api/objects.ts';
export { isDNS1123Subdomain } from './api/nameValidation.ts';
export { matchesLabels, parseLabelSelector, workloadSelectorText } from './api/labels.ts';
export { matchesFields, parseFieldSelector } from './api/fields.ts';
export { summarize } from './sim/summary.ts';
export { causalChain } from './sim/trace.ts';
export { CONTROL_PLANE } from './cluster/controlPlane.ts';
export type * from './api/protocol.ts';
export type { KubeObject } from './api/objects.ts';
export type { RequestOptions } from './cluster/cluster.ts';
export type { KeyVersionView } from './cluster/componentQueries.ts';
export type { Envelope } from './sim/envelope.ts';
export type { ObjectRef } from './sim/trace.ts';
export type { Payload } from './protocol.ts';
export { CONTROLLER_CATALOG } from './controllers/catalog.ts';
export { equalIgnoreHash, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY } from './api/podTemplates.ts';
