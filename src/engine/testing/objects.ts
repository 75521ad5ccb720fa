/**
 * Objects tests and benchmarks start from. Only tests and bench/ import this, so it never reaches
 * a production bundle.
 */
import type { KubeObject } from '../api/objects.ts';

export interface DeploymentOptions {
  /** Default 'nginx:1.27'. */
  image?: string;
  /** The container's name; default 'web'. */
  container?: string;
  /** The container's resource requests (cpu, memory). */
  requests?: Record<string, string>;
  env?: { name: string; value: string }[];
  /** More DeploymentSpec fields: strategy, progressDeadlineSeconds, ... */
  spec?: Record<string, unknown>;
}

/**
 * A Deployment of one container whose pods carry `app: <name>`. `replicas` is not checked, so
 * validation tests can send a wrong one.
 */
export function deployment(
  name: string,
  replicas: unknown,
  options: DeploymentOptions = {},
): KubeObject {
  const container = {
    name: options.container ?? 'web',
    image: options.image ?? 'nginx:1.27',
    ...(options.requests ? { resources: { requests: options.requests } } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
      ...options.spec,
    },
  };
}
