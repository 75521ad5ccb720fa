/**
 * `kubectl expose deployment NAME --port=P [--target-port=T] [--type=TYPE]`, re-derived from
 * kubectl v1.30 (cmd/expose): the Service takes the Deployment's name and labels, selects what its
 * selector's matchLabels select, and has one TCP port whose targetPort defaults to the port.
 */
import type { KubeObject } from '../../../engine/display.ts';
import {
  asObject,
  done,
  failed,
  serverError,
  succeeded,
  type Call,
  type Outcome,
} from '../kubectl.ts';

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface ExposeRequest {
  namespace: string;
  name: string;
  /** --port; empty takes the first container port, as kubectl's introspection does. */
  port: string;
  /** --target-port; empty: the same as the port. */
  targetPort: string;
  type: ServiceType;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: unknown[];
}

function containerPorts(d: KubeObject): number[] {
  const spec = d.spec as
    | { template?: { spec?: { containers?: { ports?: { containerPort?: number }[] }[] } } }
    | undefined;
  return (spec?.template?.spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).map((p) => p.containerPort ?? 0),
  );
}

/**
 * strconv.Atoi, as kubectl reads --port: a range beyond 1-65535 is left for the apiserver's
 * validation to refuse.
 */
function atoi(text: string): { ok: true; value: number } | { ok: false; error: string } {
  if (!/^[+-]?\d+$/.test(text))
    return {
      ok: false,
      error: `error: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`,
    };
  return { ok: true, value: Number(text) };
}

/** The Service kubectl expose would create for this Deployment, or kubectl's error. */
export function serviceFor(
  d: KubeObject,
  request: ExposeRequest,
): { ok: true; service: KubeObject } | { ok: false; error: string } {
  const selector = (d.spec as { selector?: Selector } | undefined)?.selector ?? {};
  if (selector.matchExpressions?.length)
    return {
      ok: false,
      error: `error: couldn't retrieve selectors via --selector flag or introspection: couldn't convert expressions - "${JSON.stringify(selector.matchExpressions)}" to map-based selector format`,
    };
  let port: number;
  if (request.port.trim() === '') {
    const introspected = containerPorts(d)[0];
    if (introspected === undefined)
      return {
        ok: false,
        error: `error: couldn't find port via --port flag or introspection`,
      };
    port = introspected;
  } else {
    const parsed = atoi(request.port.trim());
    if (!parsed.ok) return parsed;
    port = parsed.value;
  }
  const target = request.targetPort.trim();
  let targetPort: number | string = port;
  if (target !== '') {
    // --target-port is a number or else the name of a container port.
    const parsed = atoi(target);
    targetPort = parsed.ok ? parsed.value : target;
  }
  const labels = d.metadata.labels;
  return {
    ok: true,
    service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: request.name, ...(labels ? { labels: { ...labels } } : {}) },
      spec: {
        ports: [{ port, protocol: 'TCP', targetPort }],
        selector: { ...(selector.matchLabels ?? {}) },
        ...(request.type !== 'ClusterIP' ? { type: request.type } : {}),
      },
    },
  };
}

/** Reads the Deployment (kubectl's resource builder), then creates the Service. */
export async function expose(call: Call, request: ExposeRequest): Promise<Outcome> {
  const got = await call(
    'GET',
    `/apis/apps/v1/namespaces/${request.namespace}/deployments/${request.name}`,
  );
  if (!succeeded(got)) return failed(serverError(got));
  const built = serviceFor(asObject(got), request);
  if (!built.ok) return failed(built.error);
  const created = await call('POST', `/api/v1/namespaces/${request.namespace}/services`, {
    body: built.service,
  });
  if (!succeeded(created)) return failed(serverError(created));
  return done(`service/${request.name} exposed`);
}
