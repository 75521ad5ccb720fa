import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../shared/index.ts';
import { buildEndpointsMap } from './endpointsMap.ts';
import { endpointSlice, service } from './fixtures.test-helpers.ts';
import { iptablesSave, kernelProbability } from './iptablesSave.ts';
import { routePacket } from './packetPath.ts';
import { chainSplit, findChain, type RuleTable } from './ruleTable.ts';
import { servicePortInfos } from './serviceInfo.ts';
import { DEFAULT_PROXIER_OPTIONS, syncProxyRules } from './syncProxyRules.ts';
import type { KubeObject } from '../../api/objects.ts';

function rules(services: KubeObject[], slices: KubeObject[], node = 'node-1'): RuleTable {
  return syncProxyRules(
    services.flatMap(servicePortInfos),
    buildEndpointsMap(slices, node),
    DEFAULT_PROXIER_OPTIONS,
    0,
  );
}

const web = service('web', {
  type: 'ClusterIP',
  clusterIP: '10.96.0.50',
  ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
});
const three = endpointSlice('web', [
  { ip: '10.244.1.5', node: 'node-1' },
  { ip: '10.244.2.7', node: 'node-2' },
  { ip: '10.244.3.9', node: 'node-3' },
]);

describe('syncProxyRules', () => {
  it('splits a ClusterIP service over three endpoints with 1/3, 1/2, then unconditionally', () => {
    const t = rules([web], [three]);
    const svc = servicePortInfos(web)[0]!;
    const split = chainSplit(t.nat, svc.clusterPolicyChain);
    expect(split.map((s) => s.endpoint)).toEqual([
      '10.244.1.5:8080',
      '10.244.2.7:8080',
      '10.244.3.9:8080',
    ]);
    expect(split[0]!.probability).toBeCloseTo(0.33333, 5);
    expect(split[1]!.probability).toBe(0.5);
    expect(split[2]!.probability).toBe(1);
    const text = iptablesSave(t, 'nat');
    expect(text).toContain('*nat\n:PREROUTING ACCEPT [0:0]');
    expect(text).toContain(`:${svc.clusterPolicyChain} - [0:0]`);
    expect(text).toContain(
      `-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${svc.clusterPolicyChain}`,
    );
    expect(text).toContain(
      `-A ${svc.clusterPolicyChain} ! -s 10.244.0.0/16 -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
    );
    expect(text).toContain(
      `-A ${svc.clusterPolicyChain} -m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.33333333349 -j ${split[0]!.chain}`,
    );
    expect(text).toContain(
      `-A ${split[0]!.chain} -p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080`,
    );
    expect(text).toContain(
      `-A ${split[0]!.chain} -s 10.244.1.5/32 -m comment --comment "default/web:http" -j KUBE-MARK-MASQ`,
    );
    expect(text).toMatch(
      /-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n/,
    );
    expect(text.trimEnd().endsWith('COMMIT\n# Completed')).toBe(true);
    expect(kernelProbability(0.5)).toBe('0.50000000000');
  });

  it('leaves out endpoints that are not ready, and falls back to serving terminating ones', () => {
    const mixed = endpointSlice('web', [
      { ip: '10.244.1.5', node: 'node-1' },
      { ip: '10.244.2.7', node: 'node-2', ready: false },
    ]);
    const svc = servicePortInfos(web)[0]!;
    expect(
      chainSplit(rules([web], [mixed]).nat, svc.clusterPolicyChain).map((s) => s.endpoint),
    ).toEqual(['10.244.1.5:8080']);
    const terminating = endpointSlice('web', [
      { ip: '10.244.1.5', node: 'node-1', ready: false, serving: true, terminating: true },
      { ip: '10.244.2.7', node: 'node-2', ready: false, serving: false, terminating: true },
    ]);
    expect(
      chainSplit(rules([web], [terminating]).nat, svc.clusterPolicyChain).map((s) => s.endpoint),
    ).toEqual(['10.244.1.5:8080']);
  });

  it('rejects traffic to a service without endpoints in the filter table', () => {
    const t = rules([web], []);
    expect(iptablesSave(t, 'filter')).toContain(
      '-A KUBE-SERVICES -d 10.96.0.50/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
    );
    const result = routePacket(
      t,
      { destination: '10.96.0.50', dport: 80, protocol: 'TCP' },
      ['192.168.0.11'],
      createPrng(1),
    );
    expect(result.verdict.kind).toBe('REJECT');
  });

  it('sends NodePort traffic through KUBE-EXT and drops it under Local policy without local endpoints', () => {
    const np = service('web', {
      type: 'NodePort',
      clusterIP: '10.96.0.50',
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' }],
    });
    const slice = endpointSlice('web', [{ ip: '10.244.2.7', node: 'node-2' }]);
    const svc = servicePortInfos(np)[0]!;
    const onNode1 = rules([np], [slice], 'node-1');
    const filter = iptablesSave(onNode1, 'filter');
    expect(filter).toContain(
      '-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    );
    expect(findChain(onNode1.nat, svc.localPolicyChain)).toBeUndefined();
    const dropped = routePacket(
      onNode1,
      { destination: '192.168.0.11', dport: 30080, protocol: 'TCP' },
      ['192.168.0.11'],
      createPrng(1),
    );
    expect(dropped.verdict.kind).toBe('DROP');
    const onNode2 = rules([np], [slice], 'node-2');
    expect(iptablesSave(onNode2, 'nat')).toContain(
      `-A ${svc.externalChain} -j ${svc.localPolicyChain}`,
    );
    const routed = routePacket(
      onNode2,
      { destination: '192.168.0.12', dport: 30080, protocol: 'TCP' },
      ['192.168.0.12'],
      createPrng(1),
    );
    expect(routed.verdict).toMatchObject({ kind: 'DNAT', to: '10.244.2.7:8080' });
  });
});
