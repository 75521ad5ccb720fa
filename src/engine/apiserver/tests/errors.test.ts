import { describe, expect, it } from 'vitest';
import { DEPLOYMENTS, PODS, deployment, pod, startedCluster } from './helpers.ts';

describe('kube-apiserver: bad input changes nothing and gets a clear Status', () => {
  it.each([
    [
      'a body that is not JSON',
      'POST',
      PODS,
      '{"kind": "Pod", ',
      400,
      /^couldn't get version\/kind; json parse error/,
    ],
    ['a body that is not an object', 'POST', PODS, [1, 2, 3], 400, /cannot unmarshal array/],
    [
      'the wrong apiVersion',
      'POST',
      PODS,
      { ...pod('x'), apiVersion: 'apps/v1' },
      400,
      /^the API version in the data \(apps\/v1\) does not match the expected API version \(v1\)$/,
    ],
    [
      'the wrong kind',
      'POST',
      PODS,
      { ...pod('x'), kind: 'Service' },
      400,
      /cannot be handled as a Pod/,
    ],
    [
      'an unknown resource',
      'POST',
      '/api/v1/namespaces/default/gizmos',
      pod('x'),
      404,
      /^the server could not find the requested resource$/,
    ],
    [
      'an unknown API group',
      'GET',
      '/apis/example.com/v1/widgets',
      undefined,
      404,
      /could not find the requested resource/,
    ],
    [
      'an unknown subresource',
      'GET',
      `${PODS}/x/exec`,
      undefined,
      404,
      /could not find the requested resource/,
    ],
  ])('%s', (_what, method, path, sent, code, message) => {
    const c = startedCluster();
    const rev = c.etcdRevision();
    const r = c.call(method as 'POST', path, sent === undefined ? {} : { body: sent });
    expect(r.code).toBe(code);
    expect(r.body.kind).toBe('Status');
    expect(String(r.body.message)).toMatch(message);
    expect(c.etcdRevision()).toBe(rev);
  });

  it('answers 405 MethodNotAllowed for a verb the resource does not serve', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    const r = c.call('POST', `${PODS}/web`, { body: pod('web') });
    expect(r.code).toBe(405);
    expect(r.body).toMatchObject({
      kind: 'Status',
      reason: 'MethodNotAllowed',
      message: 'the server does not allow this method on the requested resource',
    });
  });

  it('rejects a body over the 3 MiB limit with 413, read after the filters and before decoding', () => {
    const c = startedCluster();
    const blob = 'x'.repeat(3 * 1024 * 1024 + 1);
    const huge = { ...pod('big'), metadata: { name: 'big', annotations: { blob } } };
    const rev = c.etcdRevision();
    const r = c.call('POST', PODS, { body: huge });
    expect(r.code).toBe(413);
    expect(r.body).toMatchObject({
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    // The size is known before the body decodes: a body of the wrong kind is still a 413.
    expect(c.call('POST', PODS, { body: { ...huge, kind: 'Service' } }).code).toBe(413);
    expect(c.call('POST', PODS, { body: JSON.stringify(huge) }).code).toBe(413);
    // Authentication and authorization come first, as filters in front of every handler.
    const viewer = { type: 'token' as const, token: 'kubeviz-viewer-token' };
    expect(c.call('POST', PODS, { credentials: viewer, body: huge }).code).toBe(403);
    // Every verb that reads a body reads it with the limit; a patch's media type is checked first.
    c.call('POST', PODS, { body: pod('small') });
    const rev2 = c.etcdRevision();
    const patch = { metadata: { annotations: { blob } } };
    const put = { ...huge, metadata: { name: 'small', ...patch.metadata } };
    expect(c.call('PUT', `${PODS}/small`, { body: put }).code).toBe(413);
    expect(c.call('PATCH', `${PODS}/small`, { body: patch }).code).toBe(413);
    expect(
      c.call('PATCH', `${PODS}/small`, { body: patch, contentType: 'text/plain' as never }).code,
    ).toBe(415);
    expect(c.call('DELETE', `${PODS}/small`, { body: { blob } }).code).toBe(413);
    expect(c.call('DELETE', PODS, { body: { blob } }).code).toBe(413);
    // A delete-collection reads its list options first: a bad selector is a 400 whatever the body.
    const badSelector = c.call('DELETE', PODS, {
      query: { labelSelector: 'a in' },
      body: { blob },
    });
    expect(badSelector.code).toBe(400);
    // JSON text is measured in UTF-8 bytes: a million 'é' are 2 MB of text, 4 MB on the wire.
    const accented = JSON.stringify({
      ...pod('accented'),
      metadata: { name: 'accented', annotations: { a: 'é'.repeat(1_600_000) } },
    });
    expect(accented.length).toBeLessThan(3 * 1024 * 1024);
    expect(c.call('POST', PODS, { body: accented }).code).toBe(413);
    // A read never reads a body.
    expect(c.call('GET', `${PODS}/small`, { body: { blob } }).code).toBe(200);
    expect(c.etcdRevision()).toBe(rev2);
    expect(rev2).toBe(rev + 1);
  });

  it('validates with the real field paths and messages', () => {
    const c = startedCluster();
    const r = c.call('POST', DEPLOYMENTS, { body: deployment('web', -1) });
    expect(r.code).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'Deployment',
        causes: [{ type: 'FieldValueInvalid', field: 'spec.replicas' }],
      },
    });
    const badName = c.call('POST', PODS, { body: pod('Not_A_Name') });
    expect(badName.code).toBe(422);
    expect(String(badName.body.message)).toContain(
      'metadata.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain must consist of',
    );
    const noName = c.call('POST', PODS, {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {},
        spec: { containers: [{ name: 'a', image: 'x' }] },
      },
    });
    expect(noName.body).toMatchObject({
      message: 'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    });
  });

  it('rejects wrong JSON types without crashing', () => {
    const c = startedCluster();
    const r = c.call('POST', DEPLOYMENTS, { body: deployment('web', 'three') });
    expect(r.code).toBe(400);
    expect(r.body.message).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec.replicas of type int32',
    );
    const quantity = c.call('POST', PODS, {
      body: pod('q', {
        spec: { containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: 'lots' } } }] },
      }),
    });
    expect(quantity.code).toBe(400);
    expect(String(quantity.body.message)).toMatch(
      /^Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression/,
    );
    expect(c.call('GET', `${DEPLOYMENTS}/web`).code).toBe(404);
  });

  it('refuses an update that changes an immutable field', () => {
    const c = startedCluster();
    const created = c.call('POST', DEPLOYMENTS, { body: deployment('web') }).body as ReturnType<
      typeof deployment
    >;
    const changed = structuredClone(created);
    (changed.spec as { selector: unknown }).selector = { matchLabels: { app: 'other' } };
    (changed.spec as { template: { metadata: { labels: unknown } } }).template.metadata.labels = {
      app: 'other',
    };
    const r = c.call('PUT', `${DEPLOYMENTS}/web`, { body: changed });
    expect(r.code).toBe(422);
    expect(String(r.body.message)).toContain('spec.selector: Invalid value:');
    expect(String(r.body.message)).toContain('field is immutable');
  });

  it('refuses a name mismatch between the body and the URL', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('a') });
    const r = c.call('PUT', `${PODS}/a`, { body: pod('b') });
    expect(r.code).toBe(400);
    expect(r.body.message).toBe(
      'the name of the object (b) does not match the name on the URL (a)',
    );
  });

  it('rejects a malformed label selector with 400', () => {
    const c = startedCluster();
    const r = c.call('GET', PODS, { query: { labelSelector: 'app in (web' } });
    expect(r.code).toBe(400);
    expect(r.body.reason).toBe('BadRequest');
  });
});

describe('kube-apiserver: authentication and RBAC', () => {
  it('denies anonymous requests with the real Forbidden message', () => {
    const c = startedCluster();
    const r = c.call('GET', PODS, { credentials: null });
    expect(r.code).toBe(403);
    expect(r.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
    });
  });

  it('rejects an unknown token with 401 Unauthorized', () => {
    const c = startedCluster();
    const r = c.call('GET', PODS, { credentials: { type: 'token', token: 'made-up' } });
    expect(r.code).toBe(401);
    expect(r.body).toMatchObject({ reason: 'Unauthorized', message: 'Unauthorized' });
  });

  it('lets a viewer read but not write', () => {
    const c = startedCluster();
    const viewer = { type: 'token' as const, token: 'kubeviz-viewer-token' };
    expect(c.call('GET', PODS, { credentials: viewer }).code).toBe(200);
    const r = c.call('POST', PODS, { credentials: viewer, body: pod('x') });
    expect(r.code).toBe(403);
    expect(r.body.message).toBe(
      'pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "default"',
    );
    const del = c.call('DELETE', '/api/v1/nodes/node-1', { credentials: viewer });
    expect(del.body.message).toBe(
      'nodes "node-1" is forbidden: User "viewer" cannot delete resource "nodes" in API group "" at the cluster scope',
    );
  });

  it('limits the scheduler to what its ClusterRole allows', () => {
    const c = startedCluster();
    const scheduler = { type: 'x509' as const, commonName: 'system:kube-scheduler' };
    expect(c.call('GET', PODS, { credentials: scheduler }).code).toBe(200);
    const r = c.call('POST', DEPLOYMENTS, { credentials: scheduler, body: deployment('x') });
    expect(r.code).toBe(403);
    expect(r.body.message).toBe(
      'deployments.apps is forbidden: User "system:kube-scheduler" cannot create resource "deployments" in API group "apps" in the namespace "default"',
    );
  });

  it('notes each pipeline stage on the request trace event', () => {
    const c = startedCluster();
    c.call('POST', PODS, { body: pod('web') });
    const event = c.sequencer.trace.find(
      (e) => e.kind === 'api.request' && e.summary === `POST ${PODS}`,
    )!;
    const notes = event.notes!.join('\n');
    expect(notes).toMatch(/authentication: kubernetes-admin/);
    expect(notes).toMatch(/authorization: RBAC: allowed by ClusterRole "cluster-admin"/);
    expect(notes).toMatch(/mutating admission: /);
    expect(notes).toMatch(/validation: passed/);
    expect(notes).toMatch(/storage: txn put \/registry\/pods\/default\/web/);
  });
});
