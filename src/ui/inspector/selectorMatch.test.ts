import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../engine/display.ts';
import { selectorPredicate } from './selectorMatch.ts';

const svc = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default', labels },
  spec: { type: 'ClusterIP' },
});
const pod = (nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: nodeName ? { nodeName } : {},
});

describe('selectorPredicate', () => {
  it("evaluates kube-proxy's label selector as the apiserver does", () => {
    const sel = '!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless';
    const selects = selectorPredicate(sel, '', 'Service')!;
    expect(selects(svc({ app: 'web' }))).toBe(true);
    expect(selects(svc({ 'service.kubernetes.io/headless': '' }))).toBe(false);
  });

  it('handles equality, inequality, existence and sets', () => {
    const o = svc({ app: 'web', tier: 'front' });
    const matches = (sel: string) => selectorPredicate(sel, '', 'Service')!(o);
    expect(matches('app=web')).toBe(true);
    expect(matches('app==web,tier!=back')).toBe(true);
    expect(matches('app!=web')).toBe(false);
    expect(matches('tier in (front, back)')).toBe(true);
    expect(matches('tier notin (front)')).toBe(false);
    expect(matches('canary notin (x)')).toBe(true);
    expect(matches('tier')).toBe(true);
    expect(matches('canary')).toBe(false);
    // Gt and Lt compare label values as integers.
    expect(selectorPredicate('replicas>3', '', 'Service')!(svc({ replicas: '12' }))).toBe(true);
  });

  it("reads the kind's selectable fields, an unset field as empty", () => {
    const onNode = selectorPredicate('', 'spec.nodeName=node-1', 'Pod')!;
    expect(onNode(pod('node-1'))).toBe(true);
    expect(onNode(pod('node-2'))).toBe(false);
    expect(selectorPredicate('', 'spec.nodeName=', 'Pod')!(pod())).toBe(true);
    const named = selectorPredicate('', 'metadata.name=s,metadata.namespace=default', 'Service')!;
    expect(named(svc({}))).toBe(true);
  });

  it('refuses a selector the apiserver would refuse', () => {
    expect(selectorPredicate('a in (b', '', 'Pod')).toBeUndefined();
    expect(selectorPredicate('a b', '', 'Pod')).toBeUndefined();
    // Services have no spec.nodeName field to select on.
    expect(selectorPredicate('', 'spec.nodeName=node-1', 'Service')).toBeUndefined();
  });
});
