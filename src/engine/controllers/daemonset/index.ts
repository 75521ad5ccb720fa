export { daemonSetController, type DaemonSetControllerState } from './controller.ts';
export { nodeShouldRunDaemonPod, tolerates } from './predicates.ts';
export { addOrUpdateDaemonPodTolerations, newDaemonPod, computeHash } from './podTemplate.ts';
