import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../api/fieldErrors.ts';
import type { KubeObject } from '../../api/objects.ts';
import { findResource } from '../../api/resources.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import { deepCopy } from '../../../shared/json.ts';
import { applyDefaults } from '../admission/defaults.ts';
import { validateCreate, validateUpdate } from './index.ts';

const R = (group: string, resource: string): ResourceInfo => findResource(group, resource)!;
const SERVICES = R('', 'services');

function make(
  info: ResourceInfo,
  body: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeObject {
  const o: KubeObject = {
    apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
    kind: info.kind,
    metadata: {
      name: 'x',
      ...(info.namespaced ? { namespace: 'default' } : {}),
      uid: 'u',
      resourceVersion: '3',
      ...meta,
    },
    ...body,
  };
  applyDefaults(o);
  return o;
}
const create = (
  info: ResourceInfo,
  body: Record<string, unknown>,
  meta?: Record<string, unknown>,
) => validateCreate(info, make(info, body, meta)).map(formatFieldError);

describe('Service', () => {
  const svc = (spec: Record<string, unknown>) => ({ spec: { selector: { app: 'web' }, ...spec } });

  it('accepts a defaulted ClusterIP service', () => {
    expect(create(SERVICES, svc({ ports: [{ port: 80 }] }))).toEqual([]);
  });
  it('requires ports unless headless or ExternalName', () => {
    expect(create(SERVICES, svc({}))).toEqual(['spec.ports: Required value']);
    expect(create(SERVICES, svc({ clusterIP: 'None' }))).toEqual([]);
  });
  it('service names are DNS-1035 labels', () => {
    expect(create(SERVICES, svc({ ports: [{ port: 80 }] }), { name: '1web' })).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it('ports: range, names when several, targetPort', () => {
    expect(create(SERVICES, svc({ ports: [{ port: 0, targetPort: 8080 }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(create(SERVICES, svc({ ports: [{ port: 80 }, { port: 443, name: 'https' }] }))).toEqual([
      'spec.ports[0].name: Required value',
    ]);
    expect(create(SERVICES, svc({ ports: [{ port: 80, targetPort: 'web_http' }] }))).toEqual([
      'spec.ports[0].targetPort: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });
  it('nodePort range and ClusterIP services', () => {
    expect(
      create(SERVICES, svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })),
    ).toEqual([
      'spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(create(SERVICES, svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });
  it('type enum and ExternalName', () => {
    expect(create(SERVICES, svc({ type: 'Internal', ports: [{ port: 80 }] }))).toContain(
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(create(SERVICES, { spec: { type: 'ExternalName' } })).toEqual([
      'spec.externalName: Required value',
    ]);
    expect(
      create(SERVICES, { spec: { type: 'ExternalName', externalName: 'db.example.com.' } }),
    ).toEqual([]);
  });
  it('the cluster IP may not change once set', () => {
    const old = make(
      SERVICES,
      svc({ ports: [{ port: 80 }], clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }),
    );
    const next = deepCopy(old);
    (next['spec'] as Record<string, unknown>)['clusterIP'] = '10.96.0.11';
    (next['spec'] as Record<string, unknown>)['clusterIPs'] = ['10.96.0.11'];
    expect(validateUpdate(SERVICES, next, old).map(formatFieldError)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set',
    ]);
  });
});

describe('ConfigMap and Secret', () => {
  it('keys must be valid config keys', () => {
    expect(create(R('', 'configmaps'), { data: { 'my key': 'v' } })).toEqual([
      `data[my key]: Invalid value: "my key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    expect(create(R('', 'secrets'), { data: { '..x': 'eA==' } })).toEqual([
      'data[..x]: Invalid value: "..x": must not start with \'..\'',
    ]);
  });
  it('immutable configmaps freeze their data', () => {
    const cms = R('', 'configmaps');
    const old = make(cms, { data: { a: '1' }, immutable: true });
    const next = make(cms, { data: { a: '2' }, immutable: true });
    expect(validateUpdate(cms, next, old).map(formatFieldError)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
  it('tls secrets need their keys; the type is immutable', () => {
    const secrets = R('', 'secrets');
    expect(create(secrets, { type: 'kubernetes.io/tls', data: {} })).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    const old = make(secrets, { data: {} });
    const next = make(secrets, { type: 'custom', data: {} });
    expect(validateUpdate(secrets, next, old).map(formatFieldError)).toEqual([
      'type: Invalid value: "custom": field is immutable',
    ]);
  });
});

describe('metadata', () => {
  const cms = R('', 'configmaps');
  it('label keys and values', () => {
    expect(create(cms, {}, { labels: { 'a/b/c': 'x' } })).toEqual([
      `metadata.labels: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ]);
    expect(create(cms, {}, { labels: { app: 'x'.repeat(64) } })[0]).toBe(
      `metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`,
    );
  });
  it('an update checks its labels and owner references', () => {
    const old = make(cms, { data: { a: '1' } }, { labels: { app: 'web' } });
    const relabeled = make(cms, { data: { a: '1' } }, { labels: { 'a/b/c': 'x' } });
    expect(validateUpdate(cms, relabeled, old).map(formatFieldError)[0]).toMatch(
      /^metadata\.labels: Invalid value: "a\/b\/c"/,
    );
    const owners = [{ apiVersion: 'v1', kind: 'Pod', name: 'p', uid: '' }];
    const owned = make(cms, { data: { a: '1' } }, { ownerReferences: owners });
    expect(validateUpdate(cms, owned, old).map(formatFieldError)).toEqual([
      'metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]);
  });
  it('annotations are limited to 256 KiB in total', () => {
    expect(create(cms, {}, { annotations: { big: 'x'.repeat(262142) } })).toEqual([
      'metadata.annotations: Too long: must have at most 262144 bytes',
    ]);
  });
  it('namespaced kinds need a namespace; cluster kinds may not have one', () => {
    expect(create(cms, {}, { namespace: '' })).toEqual(['metadata.namespace: Required value']);
    expect(create(R('', 'nodes'), {}, { namespace: 'default' })).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });
  it('generateName alone is enough before the name is generated', () => {
    expect(create(cms, {}, { name: '', generateName: 'web-' })).toEqual([]);
  });
  it('name and namespace are immutable', () => {
    const old = make(cms, {});
    const next = make(cms, {}, { name: 'y' });
    expect(validateUpdate(cms, next, old).map(formatFieldError)).toEqual([
      'metadata.name: Invalid value: "y": field is immutable',
    ]);
  });
});

describe('Namespace, Node, Lease, Event, EndpointSlice', () => {
  it('namespace names are DNS-1123 labels', () => {
    expect(create(R('', 'namespaces'), {}, { name: 'team.a' })).toEqual([
      `metadata.name: Invalid value: "team.a": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it('namespace status phase follows deletion', () => {
    const ns = R('', 'namespaces');
    const old = make(ns, { status: { phase: 'Active' } });
    const next = make(ns, { status: { phase: 'Terminating' } });
    expect(validateUpdate(ns, next, old, 'status').map(formatFieldError)).toEqual([
      `status.Phase: Invalid value: "Terminating": may only be 'Active' if \`deletionTimestamp\` is empty`,
    ]);
  });
  it('node taints need an effect and are unique by key and effect', () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
    expect(create(R('', 'nodes'), { spec: { taints: [{ key: 'k' }] } })).toEqual([
      'spec.taints[0].effect: Required value',
    ]);
    expect(create(R('', 'nodes'), { spec: { taints: [taint, taint] } })).toEqual([
      'spec.taints[1]: Duplicate value: {"key":"dedicated","value":"gpu","effect":"NoSchedule"}: taints must be unique by key and effect pair',
    ]);
  });
  it('lease duration must be positive', () => {
    expect(
      create(R('coordination.k8s.io', 'leases'), { spec: { leaseDurationSeconds: 0 } }),
    ).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
  });
  it("an event's namespace must match its object's", () => {
    expect(
      create(R('', 'events'), { involvedObject: { kind: 'Pod', name: 'p', namespace: 'other' } }),
    ).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });
  it('endpoint slices: address type and addresses', () => {
    const slices = R('discovery.k8s.io', 'endpointslices');
    expect(create(slices, { addressType: 'IPv5', endpoints: [] })).toEqual([
      'addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    expect(
      create(slices, { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1', 'fe80::1'] }] }),
    ).toEqual([
      'endpoints[0].addresses[1]: Invalid value: "fe80::1": must be a valid IPv4 address',
    ]);
    expect(create(slices, { addressType: 'IPv4', endpoints: [{ addresses: [] }] })).toEqual([
      'endpoints[0].addresses: Required value: must contain at least 1 address',
    ]);
  });
});

describe('HorizontalPodAutoscaler', () => {
  const HPAS = R('autoscaling', 'horizontalpodautoscalers');
  const hpa = (spec: Record<string, unknown>) => ({
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      maxReplicas: 5,
      ...spec,
    },
  });
  it('accepts a defaulted HPA', () => {
    expect(create(HPAS, hpa({}))).toEqual([]);
  });
  it('replica bounds', () => {
    expect(create(HPAS, hpa({ minReplicas: 0 }))).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]);
    expect(create(HPAS, hpa({ minReplicas: 6 }))).toEqual([
      'spec.maxReplicas: Invalid value: 5: must be greater than or equal to `minReplicas`',
    ]);
  });
  it('scaleTargetRef kind and name are required', () => {
    expect(create(HPAS, { spec: { maxReplicas: 3, scaleTargetRef: {} } })).toEqual([
      'spec.scaleTargetRef.kind: Required value',
      'spec.scaleTargetRef.name: Required value',
    ]);
  });
  it('metric targets', () => {
    const metric = (target: Record<string, unknown>) => ({
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target } }],
    });
    expect(create(HPAS, hpa(metric({ type: 'Utilization', averageUtilization: 0 })))).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
    ]);
    expect(create(HPAS, hpa(metric({ type: 'Utilization' })))).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
    expect(create(HPAS, hpa({ metrics: [{ type: 'Pods' }] }))).toEqual([
      'spec.metrics[0].pods: Required value: must populate information for the given metric source',
    ]);
  });
  it('behavior policies', () => {
    expect(
      create(
        HPAS,
        hpa({
          behavior: { scaleUp: { policies: [{ type: 'Pods', value: 0, periodSeconds: 2000 }] } },
        }),
      ),
    ).toEqual([
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 2000: must be less than or equal to 1800',
    ]);
  });
});
