/** The simulated cloud provider and the cloud-controller-manager. */
export { cloudProvider, CLOUD, type CloudConfig, type CloudState } from './cloudProvider.ts';
export type { Inventory, LoadBalancer, Machine } from './inventory.ts';
export {
  cloudControllerManager,
  CLOUD_CONTROLLER_MANAGER_CREDENTIALS,
  type CloudControllerManagerConfig,
  type CloudControllerManagerState,
} from './ccm/cloudControllerManager.ts';
