/** Helpers the kube-controller-manager controllers share (pkg/controller's controller_utils and friends). */
export * from './ownerRefs.ts';
export * from './podutil.ts';
export * from './expectations.ts';
export * from './rank.ts';
export * from './hash.ts';
export * from './syncRun.ts';
export * from './claim.ts';
export * from './podControl.ts';
export * from './time.ts';
export * from './apiErrors.ts';
export * from './objectFacts.ts';
export * from './slowStart.ts';
export * from './ownersOfPod.ts';
