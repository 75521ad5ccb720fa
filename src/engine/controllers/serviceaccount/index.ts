/** A `default` ServiceAccount in every active namespace. */
export {
  SERVICE_ACCOUNTS,
  serviceAccountsController,
  type ServiceAccountsState,
} from './serviceAccountsController.ts';
