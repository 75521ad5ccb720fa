import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../engine/index.ts';
import { canMatch, matchesSelectors } from './selectorMatch.ts';

const svc = (labels: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: 'default', labels },
  spec: { type: 'ClusterIP' },
});

describe('selector matching', () => {
  it("evaluates kube-proxy's label selector as the apiserver does", () => {
    const sel = '!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless';
    expect(matchesSelectors(svc({ app: 'web' }), sel, '')).toBe(true);
    expect(matchesSelectors(svc({ 'service.kubernetes.io/headless': '' }), sel, '')).toBe(false);
  });

  it('handles equality, inequality, existence and sets', () => {
    const o = svc({ app: 'web', tier: 'front' });
    expect(matchesSelectors(o, 'app=web', '')).toBe(true);
    expect(matchesSelectors(o, 'app==web,tier!=back', '')).toBe(true);
    expect(matchesSelectors(o, 'app!=web', '')).toBe(false);
    expect(matchesSelectors(o, 'tier in (front, back)', '')).toBe(true);
    expect(matchesSelectors(o, 'tier notin (front)', '')).toBe(false);
    expect(matchesSelectors(o, 'canary notin (x)', '')).toBe(true);
    expect(matchesSelectors(o, 'tier', '')).toBe(true);
    expect(matchesSelectors(o, 'canary', '')).toBe(false);
  });

  it('reads field selectors by dotted path, unset fields as empty', () => {
    const o = svc({});
    expect(matchesSelectors(o, '', 'metadata.name=s')).toBe(true);
    expect(matchesSelectors(o, '', 'spec.type=ClusterIP,metadata.namespace=default')).toBe(true);
    expect(matchesSelectors(o, '', 'spec.nodeName=node-1')).toBe(false);
    expect(matchesSelectors(o, '', 'spec.nodeName=')).toBe(true);
  });

  it('refuses what it does not understand', () => {
    expect(canMatch('a in (b', '')).toBe(false);
    expect(matchesSelectors(svc({}), 'x > 3', '')).toBeUndefined();
    expect(canMatch('', 'spec.nodeName=node-1')).toBe(true);
  });
});
