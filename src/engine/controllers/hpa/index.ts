export { hpaController } from './controller.ts';
export type { HpaControllerState } from './reconcile.ts';
