import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../engine/index.ts';
import { EventLog } from './EventLog.tsx';

const NOW = Date.parse('2024-05-01T10:10:00Z') / 1000;

function event(ns: string, name: string, at: string, reason: string, kind: string, obj: string) {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace: ns, name },
    involvedObject: { kind, name: obj, namespace: ns },
    reason,
    message: `${reason} ${obj}`,
    type: 'Normal',
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    source: { component: 'test' },
  } as unknown as KubeObject;
}

/** The text inside the <pre>, as a terminal would show it. */
function printed(events: KubeObject[]): string[] {
  const html = renderToStaticMarkup(createElement(EventLog, { events, now: NOW }));
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html)![1]!;
  return pre.split('\n').filter((l) => l !== '');
}

describe('the event log', () => {
  it('prints kubectl get events -A: its columns, in the order the apiserver lists them', () => {
    // Newest first in time; kubectl get does not sort, so etcd key order decides.
    const lines = printed([
      event('kube-system', 'kube-proxy.17c0', '2024-05-01T10:09:00Z', 'Started', 'Pod', 'kp'),
      event('default', 'web-2.17c1', '2024-05-01T10:08:00Z', 'Scheduled', 'Pod', 'web-2'),
      event('default', 'node-1.17c2', '2024-05-01T10:00:00Z', 'NodeReady', 'Node', 'node-1'),
    ]);
    expect(lines[0]!.split(/\s{2,}/)).toEqual([
      'NAMESPACE',
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'MESSAGE',
    ]);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/))).toEqual([
      ['default', '10m', 'Normal', 'NodeReady', 'node/node-1', 'NodeReady node-1'],
      ['default', '2m', 'Normal', 'Scheduled', 'pod/web-2', 'Scheduled web-2'],
      ['kube-system', '60s', 'Normal', 'Started', 'pod/kp', 'Started kp'],
    ]);
  });

  it('says what kubectl says when there are none', () => {
    expect(printed([])).toEqual(['No resources found']);
  });
});
