import { describe, expect, it } from 'vitest';
import { formatRfc3339Micro } from '../../shared/time.ts';
import * as golden from './golden.testdata.ts';
import { NOW, ago, obj } from './objects.testdata.ts';
import { eventPrinter, kubectlEvents } from './events.ts';
import { printTable } from './table.ts';

describe('events', () => {
  const events = [
    obj('v1', 'Event', 'web-7c9d-x2kqp.17a1', 300, {
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-7c9d-x2kqp' },
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-7c9d-x2kqp to node-1',
      type: 'Normal',
      eventTime: formatRfc3339Micro(NOW - 300),
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-control-plane',
      action: 'Binding',
    }),
    obj('v1', 'Event', 'web-7c9d-zq8lm.17a2', 540, {
      involvedObject: {
        kind: 'Pod',
        namespace: 'default',
        name: 'web-7c9d-zq8lm',
        fieldPath: 'spec.containers{web}',
      },
      reason: 'BackOff',
      message: 'Back-off restarting failed container app in pod web-7c9d-zq8lm_default(4f9a1c2e)\n',
      type: 'Warning',
      source: { component: 'kubelet', host: 'node-2' },
      firstTimestamp: ago(540),
      lastTimestamp: ago(20),
      count: 12,
    }),
    obj('v1', 'Event', 'web.17a0', 600, {
      involvedObject: {
        kind: 'Deployment',
        namespace: 'default',
        name: 'web',
        apiVersion: 'apps/v1',
      },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-7c9d5f to 3',
      type: 'Normal',
      source: { component: 'deployment-controller' },
      firstTimestamp: ago(600),
      lastTimestamp: ago(600),
      count: 1,
    }),
  ];

  it('kubectl get events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE in API order', () => {
    expect(printTable('events', events, { now: NOW })).toBe(golden.events);
  });

  it('kubectl get events -o wide: SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME', () => {
    const rows = events.map((e) => eventPrinter.row(e, { now: NOW }));
    expect(rows[0]).toEqual([
      '5m',
      'Normal',
      'Scheduled',
      'pod/web-7c9d-x2kqp',
      '',
      'default-scheduler, default-scheduler-control-plane',
      'Successfully assigned default/web-7c9d-x2kqp to node-1',
      '5m',
      1,
      'web-7c9d-x2kqp.17a1',
    ]);
    expect(rows[1]?.slice(4, 6)).toEqual(['spec.containers{web}', 'kubelet, node-2']);
    expect(rows[1]?.slice(7)).toEqual(['9m', 12, 'web-7c9d-zq8lm.17a2']);
    const header = printTable('ev', events, { now: NOW, wide: true })
      .split('\n')[0]
      ?.split(/ {3,}/);
    expect(header).toEqual([
      'LAST SEEN',
      'TYPE',
      'REASON',
      'OBJECT',
      'SUBOBJECT',
      'SOURCE',
      'MESSAGE',
      'FIRST SEEN',
      'COUNT',
      'NAME',
    ]);
  });

  it('kubectl events: oldest first, repeats as "20s (x12 over 9m)"', () => {
    expect(kubectlEvents(events, { now: NOW })).toEqual({
      stdout: golden.kubectlEvents,
      stderr: '',
    });
    expect(kubectlEvents([], { now: NOW, namespace: 'dev' }).stderr).toBe(
      'No events found in dev namespace.\n',
    );
    expect(kubectlEvents([], { now: NOW, allNamespaces: true }).stderr).toBe('No events found.\n');
  });

  it('an events.k8s.io series reports its own count and last observation', () => {
    const e = obj('v1', 'Event', 'x', 900, {
      involvedObject: { kind: 'Pod', name: 'p' },
      type: 'Warning',
      reason: 'Unhealthy',
      eventTime: formatRfc3339Micro(NOW - 900),
      series: { count: 31, lastObservedTime: formatRfc3339Micro(NOW - 8) },
    });
    expect(eventPrinter.row(e, { now: NOW }).slice(0, 1)).toEqual(['8s']);
    expect(eventPrinter.row(e, { now: NOW })[8]).toBe(31);
    expect(kubectlEvents([e], { now: NOW }).stdout.split('\n')[1]).toMatch(
      /^8s \(x31 over 15m\) {3}Warning/,
    );
  });
});
