/** EndpointSlices for Services with a selector. */
export { endpointSliceController, type EndpointSliceState } from './endpointSliceController.ts';
export {
  CONTROLLER_NAME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  MAX_ENDPOINTS_PER_SLICE,
  desiredEndpoints,
  podToEndpoint,
  type SliceEndpoint,
  type SlicePort,
} from './sliceReconciler.ts';
