import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/objects.ts';
import type { ApiResponsePayload, ApiWatchEventPayload } from '../../api/protocol.ts';
import { newFixture } from './fixture.ts';

const pod = (name: string, nodeName?: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: nodeName ? { nodeName } : {},
});

describe('fake apiserver', () => {
  it('binds pods, names generated objects, and moves objects in and out of a watch selector', () => {
    const f = newFixture({ objects: [pod('a'), pod('b', 'node-2')] });
    f.request({
      verb: 'list',
      resource: 'pods',
      query: { fieldSelector: 'spec.nodeName=node-1', watch: 'true', resourceVersion: '3' },
    });
    f.sequencer.runFor(10);
    f.request({
      verb: 'create',
      resource: 'pods',
      namespace: 'default',
      name: 'a',
      subresource: 'binding',
      body: { target: { name: 'node-1' } },
    });
    f.sequencer.runFor(10);
    f.request({
      verb: 'create',
      resource: 'pods',
      namespace: 'default',
      name: 'a',
      subresource: 'binding',
      body: { target: { name: 'node-3' } },
    });
    f.request({
      verb: 'patch',
      resource: 'pods',
      namespace: 'default',
      name: 'a',
      body: { spec: { nodeName: 'node-9' } },
    });
    f.create('pods', { ...pod(''), metadata: { generateName: 'web-', namespace: 'default' } });
    f.sequencer.runFor(10);
    const inbox = f.replies().map((m) => m.payload);
    const responses = inbox.filter((p): p is ApiResponsePayload => p.kind === 'api.response');
    expect(responses.map((r) => r.code)).toEqual([200, 201, 409, 200, 201]);
    expect((responses[4]!.body as KubeObject).metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    const events = inbox.filter((p): p is ApiWatchEventPayload => p.kind === 'api.watch');
    expect(events.map((e) => `${e.type} ${(e.object as KubeObject).metadata.name}`)).toEqual([
      'ADDED a', // bound to node-1: enters the selector
      'DELETED a', // patched to node-9: leaves it
    ]);
    expect(
      f.actions().map((a) => `${a.verb} ${a.resource}${a.subresource ? '/' + a.subresource : ''}`),
    ).toEqual([
      'watch pods',
      'create pods/binding',
      'create pods/binding',
      'patch pods',
      'create pods',
    ]);
  });
});
