import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../api/fieldErrors.ts';
import type { KubeObject } from '../../api/objects.ts';
import { findResource } from '../../api/resources.ts';
import { deepCopy } from '../../../shared/json.ts';
import { applyDefaults } from '../admission/defaults.ts';
import { runMutatingAdmission } from '../admission/plugins.ts';
import {
  isDecodeError,
  POD_UPDATE_FORBIDDEN_MESSAGE,
  validateCreate,
  validateUpdate,
} from './index.ts';

const PODS = findResource('', 'pods')!;

function pod(spec: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  const p: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5', ...meta },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  };
  applyDefaults(p);
  runMutatingAdmission(PODS, 'CREATE', p);
  return p;
}

const create = (p: KubeObject) => validateCreate(PODS, p).map(formatFieldError);
const ctr = (over: Record<string, unknown>) => ({ name: 'c', image: 'nginx', ...over });

describe('pod create', () => {
  it('accepts a defaulted pod', () => {
    expect(create(pod({}))).toEqual([]);
  });

  it('requires containers', () => {
    expect(create(pod({ containers: [] }))).toEqual(['spec.containers: Required value']);
  });

  it('container names: DNS-1123 label, unique', () => {
    expect(create(pod({ containers: [ctr({ name: 'Web_1' })] }))).toEqual([
      `spec.containers[0].name: Invalid value: "Web_1": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    expect(create(pod({ containers: [ctr({}), ctr({})] }))).toEqual([
      'spec.containers[1].name: Duplicate value: "c"',
    ]);
  });

  it('image is required', () => {
    expect(create(pod({ containers: [{ name: 'c' }] }))).toEqual([
      'spec.containers[0].image: Required value',
    ]);
  });

  it('ports', () => {
    expect(create(pod({ containers: [ctr({ ports: [{ containerPort: 70000 }] })] }))).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    expect(
      create(pod({ containers: [ctr({ ports: [{ containerPort: 80, protocol: 'HTTP' }] })] })),
    ).toEqual([
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });

  it('restartPolicy and dnsPolicy enums', () => {
    expect(create(pod({ restartPolicy: 'Sometimes' }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
    expect(create(pod({ dnsPolicy: 'Google' }))).toEqual([
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('requests may not exceed limits (printed in canonical form)', () => {
    const p = pod({
      containers: [ctr({ resources: { requests: { cpu: '2' }, limits: { cpu: '1000m' } } })],
    });
    expect(create(p)).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
    const m = pod({
      containers: [ctr({ resources: { requests: { memory: '2Gi' }, limits: { memory: '1Gi' } } })],
    });
    expect(create(m)).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ]);
  });

  it('resource names and negative quantities', () => {
    expect(create(pod({ containers: [ctr({ resources: { requests: { cpus: '1' } } })] }))).toEqual([
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
    ]);
    expect(create(pod({ containers: [ctr({ resources: { requests: { cpu: '-1' } } })] }))).toEqual([
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });

  it('a malformed quantity is a decode error with the apimachinery text', () => {
    const errs = validateCreate(
      PODS,
      pod({ containers: [ctr({ resources: { limits: { cpu: 'lots' } } })] }),
    );
    expect(errs.every(isDecodeError)).toBe(true);
    expect(errs.map(formatFieldError)).toEqual([
      `spec.containers[0].resources.limits[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
    ]);
  });

  it('nodeSelector labels', () => {
    expect(create(pod({ nodeSelector: { disk: 'fast ssd' } }))).toEqual([
      `spec.nodeSelector: Invalid value: "fast ssd": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ]);
  });

  it('tolerations', () => {
    expect(create(pod({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }))).toEqual([
      `spec.tolerations[0].operator: Invalid value: {"key":"k","operator":"Exists","value":"v"}: value must be empty when \`operator\` is 'Exists'`,
    ]);
    expect(
      create(pod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoRun' }] })),
    ).toEqual([
      'spec.tolerations[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    ]);
    expect(
      create(pod({ tolerations: [{ key: 'k', operator: 'Equal', tolerationSeconds: 5 }] })),
    ).toEqual([
      `spec.tolerations[0].effect: Invalid value: "": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
    ]);
  });

  it('names: required, subdomain', () => {
    expect(create(pod({}, { name: '' }))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
    expect(create(pod({}, { name: 'Web' }))[0]).toMatch(
      /^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain must consist of/,
    );
  });

  it('wrong JSON types are decode errors, not crashes', () => {
    const p = pod({ containers: [ctr({ ports: [{ containerPort: 'eighty' }] })] });
    expect(create(p)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: "eighty": cannot unmarshal string into Go value of type int32',
    ]);
    const q = pod({});
    q['spec'] = 'nope';
    expect(create(q)).toEqual([
      'spec: Invalid value: "nope": cannot unmarshal string into Go value of type struct',
    ]);
  });
});

describe('pod update', () => {
  const update = (next: KubeObject, old: KubeObject) =>
    validateUpdate(PODS, next, old).map(formatFieldError);

  it('allows the image to change (as kubectl set image does: the rest of the spec as stored)', () => {
    const old = pod({});
    const next = deepCopy(old);
    (next['spec'] as { containers: { image: string }[] }).containers[0]!.image = 'nginx:1.27';
    expect(update(next, old)).toEqual([]);
  });

  it('a re-defaulted imagePullPolicy is a spec change', () => {
    const [msg] = update(pod({ containers: [ctr({ image: 'nginx:1.27' })] }), pod({}));
    expect(msg).toContain('-\tspec.containers[0].imagePullPolicy: "Always"');
  });

  it('forbids other spec changes with the real message and a diff', () => {
    const old = pod({});
    const next = pod({ containers: [ctr({ ports: [{ containerPort: 80 }] })] });
    const [msg, ...rest] = update(next, old);
    expect(rest).toEqual([]);
    expect(msg?.startsWith(`spec: Forbidden: ${POD_UPDATE_FORBIDDEN_MESSAGE}\n`)).toBe(true);
    expect(POD_UPDATE_FORBIDDEN_MESSAGE).toBe(
      'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(msg).toContain('+\tspec.containers[0].ports[0].containerPort: 80');
  });

  it('tolerations: additions only', () => {
    const old = pod({});
    const added = pod({ tolerations: [{ key: 'x', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(update(added, old)).toEqual([]);
    const removed = pod({ tolerations: [{ operator: 'Exists' }] });
    expect(update(removed, old)).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('may not add containers; activeDeadlineSeconds may only shrink', () => {
    const old = pod({ activeDeadlineSeconds: 100 });
    expect(update(pod({ activeDeadlineSeconds: 50 }), old)).toEqual([]);
    expect(update(pod({ activeDeadlineSeconds: 200 }), old)).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value',
    ]);
    expect(
      update(pod({ activeDeadlineSeconds: 100, containers: [ctr({}), ctr({ name: 'd' })] }), old),
    ).toEqual(['spec.containers: Forbidden: pod updates may not add or remove containers']);
  });

  it('identity metadata is immutable and resourceVersion is required', () => {
    const old = pod({});
    expect(update(pod({}, { uid: 'u2' }), old)).toEqual([
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
    expect(update(pod({}, { resourceVersion: '' }), old)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });

  it('status updates check status fields only', () => {
    const old = pod({});
    const next = pod({});
    next['status'] = { containerStatuses: [{ name: 'c', restartCount: -1 }], podIP: '10.0.0.300' };
    expect(validateUpdate(PODS, next, old, 'status').map(formatFieldError)).toEqual([
      'status.podIP: Invalid value: "10.0.0.300": must be a valid IP address',
      'status.containerStatuses[0].restartCount: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});
