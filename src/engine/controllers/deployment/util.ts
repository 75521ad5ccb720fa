/** pkg/controller/deployment/util (v1.30), in three parts. */
export * from './deploymentutil.ts';
export * from './annotations.ts';
export * from './replicaSets.ts';
