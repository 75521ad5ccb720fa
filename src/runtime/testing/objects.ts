/** Objects the runtime's and the UI's tests send, as `kubectl create` would build them. */

/** `kubectl create deployment NAME --image=nginx:1.27 --replicas=N` (labels app=NAME). */
export function webDeployment(replicas: number, name = 'web') {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'nginx:1.27' }] },
      },
    },
  };
}
