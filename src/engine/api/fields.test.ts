import { describe, expect, it } from 'vitest';
import {
  fieldRequiresExactMatch,
  fieldSelectorToString,
  fieldsOf,
  matchesFields,
  parseFieldSelector,
  type FieldSelector,
} from './fields.ts';
import type { KubeObject } from './objects.ts';

function parse(text: string, kind = 'Pod'): FieldSelector {
  const r = parseFieldSelector(text, kind);
  if (!r.ok) throw new Error(r.error);
  return r.selector;
}

const pod = (name: string, nodeName?: string, phase = 'Running'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [], ...(nodeName ? { nodeName } : {}), restartPolicy: 'Always' },
  status: { phase, podIPs: [{ ip: '10.0.0.7' }] },
});

describe('parseFieldSelector', () => {
  it('parses =, == and !=, sorting the terms', () => {
    expect(fieldSelectorToString(parse('status.phase!=Running,spec.nodeName==n1'))).toBe(
      'spec.nodeName=n1,status.phase!=Running',
    );
    expect(parse('')).toEqual({ requirements: [] });
    expect(parse(',,metadata.name=a,')).toEqual({
      requirements: [{ field: 'metadata.name', operator: '=', value: 'a' }],
    });
  });

  it('unescapes values and re-escapes them when printed', () => {
    const s = parse('metadata.name=a\\,b\\=c\\\\d');
    expect(s.requirements[0]?.value).toBe('a,b=c\\d');
    expect(fieldSelectorToString(s)).toBe('metadata.name=a\\,b\\=c\\\\d');
  });

  it.each([
    ['spec.nodeName', "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'"],
    ['metadata.name=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['metadata.name=a\\', 'invalid field selector: invalid escape sequence: \\'],
    ['spec.foo=x', 'field label not supported: spec.foo'],
  ])('rejects %j on pods', (text, message) => {
    expect(parseFieldSelector(text, 'Pod')).toEqual({ ok: false, error: message });
  });

  it('uses each kind’s own conversion and wording', () => {
    expect(parseFieldSelector('metadata.namespace=x', 'Node')).toEqual({
      ok: false,
      error: 'field label not supported: metadata.namespace',
    });
    expect(parseFieldSelector('spec.replicas=1', 'Deployment')).toEqual({
      ok: false,
      error:
        '"spec.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
    expect(parseFieldSelector('status.active=1', 'Job')).toEqual({
      ok: false,
      error: 'field label "status.active" not supported for Job',
    });
    expect(parseFieldSelector('involvedObject.name=web,type=Warning', 'Event').ok).toBe(true);
    expect(parseFieldSelector('spec.unschedulable=true', 'Node').ok).toBe(true);
  });

  it('rewrites the old spec.host label to spec.nodeName', () => {
    expect(parse('spec.host=n1').requirements[0]?.field).toBe('spec.nodeName');
  });
});

describe('matchesFields', () => {
  it('selects pods by spec.nodeName, unscheduled pods by an empty value', () => {
    const pods = [pod('a', 'n1'), pod('b', 'n2'), pod('c')];
    const names = (text: string): string[] =>
      pods.filter((p) => matchesFields(parse(text), p)).map((p) => p.metadata.name ?? '');
    expect(names('spec.nodeName=n1')).toEqual(['a']);
    expect(names('spec.nodeName!=n1')).toEqual(['b', 'c']);
    expect(names('spec.nodeName=')).toEqual(['c']);
    expect(names('spec.nodeName=n2,status.phase=Running')).toEqual(['b']);
    expect(names('metadata.namespace=default,metadata.name=c')).toEqual(['c']);
    expect(fieldRequiresExactMatch(parse('spec.nodeName=n1'), 'spec.nodeName')).toBe('n1');
  });

  it('computes the selectable fields the registries expose', () => {
    expect(fieldsOf(pod('a', 'n1'))).toEqual({
      'metadata.name': 'a',
      'metadata.namespace': 'default',
      'spec.nodeName': 'n1',
      'spec.restartPolicy': 'Always',
      'spec.schedulerName': '',
      'spec.serviceAccountName': '',
      'spec.hostNetwork': 'false',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.7',
      'status.nominatedNodeName': '',
    });
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n1' },
      spec: { unschedulable: true },
    };
    expect(fieldsOf(node)).toEqual({ 'metadata.name': 'n1', 'spec.unschedulable': 'true' });
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j', namespace: 'ns' },
      status: { succeeded: 2 },
    };
    expect(matchesFields(parse('status.successful=2', 'Job'), job)).toBe(true);
  });
});
