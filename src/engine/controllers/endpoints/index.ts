/** Endpoints for Services with a selector, and the pod rules EndpointSlices share. */
export {
  LABEL_HEADLESS_SERVICE,
  computeSubsets,
  endpointsController,
  type EndpointAddress,
  type EndpointPort,
  type EndpointSubset,
  type EndpointsState,
} from './endpointsController.ts';
export {
  findPort,
  hostnameFor,
  isPodReady,
  nodeNameOf,
  podIPv4,
  podTargetRef,
  selectedPods,
  serviceSpec,
  servicesForPodEvent,
  shouldPodBeInEndpoints,
  type PodReference,
  type ServicePort,
  type ServiceSpec,
} from './podEndpoints.ts';
