import { describe, expect, it } from 'vitest';
import { objectYaml } from './objectYaml.ts';

describe('object YAML', () => {
  it('prints as kubectl get -o yaml: sorted keys, flush sequences, ambiguous strings quoted', () => {
    const yaml = objectYaml({
      metadata: {
        name: 'web',
        resourceVersion: '84',
        creationTimestamp: '2024-05-01T10:00:00Z',
        annotations: { 'deployment.kubernetes.io/revision': '1', flag: 'true' },
      },
      kind: 'Pod',
      apiVersion: 'v1',
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    expect(yaml).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  annotations:',
        '    deployment.kubernetes.io/revision: "1"',
        '    flag: "true"',
        '  creationTimestamp: "2024-05-01T10:00:00Z"',
        '  name: web',
        '  resourceVersion: "84"',
        'spec:',
        '  containers:',
        '  - image: nginx:1.27',
        '    name: web',
        '',
      ].join('\n'),
    );
  });
});
