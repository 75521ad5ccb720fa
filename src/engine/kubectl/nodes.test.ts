import { describe, expect, it } from 'vitest';
import * as golden from './golden.testdata.ts';
import { DAY, NOW, obj } from './objects.testdata.ts';
import { printTable } from './table.ts';

const ready = (status: string) => ({ conditions: [{ type: 'Ready', status }] });
const nodeInfo = {
  kubeletVersion: 'v1.30.0',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  kernelVersion: '6.8.0-45-generic',
  containerRuntimeVersion: 'containerd://1.7.15',
};
const controlPlane = obj(
  'v1',
  'Node',
  'control-plane',
  3 * DAY,
  {
    status: {
      ...ready('True'),
      nodeInfo,
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: 'control-plane' },
      ],
    },
  },
  { namespace: undefined, labels: { 'node-role.kubernetes.io/control-plane': '' } },
);

describe('kubectl get nodes', () => {
  const nodes = [
    controlPlane,
    obj(
      'v1',
      'Node',
      'node-1',
      3 * DAY,
      { spec: { unschedulable: true }, status: { ...ready('True'), nodeInfo } },
      { namespace: undefined },
    ),
    obj(
      'v1',
      'Node',
      'node-2',
      2 * DAY,
      { status: { ...ready('Unknown'), nodeInfo } },
      { namespace: undefined },
    ),
  ];

  it('shows Ready, NotReady and SchedulingDisabled, and roles from node-role labels', () => {
    expect(printTable('nodes', nodes, { now: NOW })).toBe(golden.nodes);
  });

  it('never adds NAMESPACE for a cluster-scoped resource', () => {
    expect(printTable('no', nodes, { now: NOW, allNamespaces: true })).toBe(golden.nodes);
  });

  it('adds addresses and node info with -o wide', () => {
    expect(printTable('node', [controlPlane], { now: NOW, wide: true })).toBe(golden.nodesWide);
  });
});

describe('kubectl get namespaces, configmaps, secrets, serviceaccounts, leases', () => {
  it('namespaces', () => {
    const ns = (name: string, age: number, phase: string) =>
      obj('v1', 'Namespace', name, age, { status: { phase } }, { namespace: undefined });
    const list = [
      ns('default', 3 * DAY, 'Active'),
      ns('kube-system', 3 * DAY, 'Active'),
      ns('old', 30, 'Terminating'),
    ];
    expect(printTable('ns', list, { now: NOW })).toBe(golden.namespaces);
  });

  it('configmaps count data and binaryData', () => {
    const list = [
      obj('v1', 'ConfigMap', 'kube-root-ca.crt', 3 * DAY, { data: { 'ca.crt': '...' } }),
      obj('v1', 'ConfigMap', 'app-config', 300, {
        data: { a: '1', b: '2' },
        binaryData: { c: 'AA==' },
      }),
    ];
    expect(printTable('cm', list, { now: NOW })).toBe(golden.configmaps);
  });

  it('secrets', () => {
    const list = [
      obj('v1', 'Secret', 'db-pass', 300, { type: 'Opaque', data: { user: 'YQ==', pass: 'Yg==' } }),
      obj('v1', 'Secret', 'registry', 3600, {
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': 'e30=' },
      }),
    ];
    expect(printTable('secrets', list, { now: NOW })).toBe(golden.secrets);
  });

  it('serviceaccounts', () => {
    const list = [
      obj('v1', 'ServiceAccount', 'default', 3 * DAY),
      obj('v1', 'ServiceAccount', 'builder', 300, { secrets: [{ name: 'builder-token' }] }),
    ];
    expect(printTable('sa', list, { now: NOW })).toBe(golden.serviceaccounts);
  });

  it('leases across namespaces', () => {
    const lease = (ns: string, name: string, holder: string) =>
      obj(
        'coordination.k8s.io/v1',
        'Lease',
        name,
        3 * DAY,
        { spec: { holderIdentity: holder } },
        { namespace: ns },
      );
    const list = [
      lease('kube-node-lease', 'node-1', 'node-1'),
      lease('kube-system', 'kube-scheduler', 'control-plane_5f1d2c3b'),
    ];
    expect(printTable('leases', list, { now: NOW, allNamespaces: true })).toBe(golden.leases);
  });
});
