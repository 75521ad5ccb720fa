import { isJsonObject } from '../../shared/index.ts';
import type { Payload } from '../protocol.ts';
import type { ObjectRef } from './trace.ts';

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function objectRefOf(value: unknown): ObjectRef | undefined {
  if (!isJsonObject(value)) return undefined;
  const meta = value.metadata;
  if (!isJsonObject(meta) || typeof meta.name !== 'string') return undefined;
  const ref: ObjectRef = { name: meta.name };
  if (typeof value.kind === 'string') ref.kind = value.kind;
  if (typeof meta.namespace === 'string') ref.namespace = meta.namespace;
  if (typeof meta.resourceVersion === 'string') ref.resourceVersion = meta.resourceVersion;
  return ref;
}

function describe(ref: ObjectRef | undefined): string {
  if (!ref) return '';
  return ` ${ref.kind ? ref.kind.toLowerCase() + ' ' : ''}${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`;
}

/** A one-line description of a message, and the object it concerns. */
export function summarize(payload: Payload): { summary: string; object?: ObjectRef } {
  switch (payload.kind) {
    case 'timer':
      return { summary: `timer ${payload.name}` };
    case 'api.request':
      return {
        summary: `${payload.method} ${payload.path}${queryString(payload.query)}`,
        object: objectRefOf(payload.body),
      };
    case 'api.response': {
      const body = payload.body;
      const object = objectRefOf(body);
      if (body.kind === 'Status')
        return {
          summary: `${payload.code} ${String(body.reason ?? body.status)}: ${String(body.message ?? '')}`,
        };
      if (Array.isArray(body.items)) {
        const rv = isJsonObject(body.metadata) ? body.metadata.resourceVersion : undefined;
        return {
          summary: `${payload.code} ${String(body.kind)} (${body.items.length} items, rv ${String(rv)})`,
        };
      }
      if (body.kind === 'WatchStarted') return { summary: `${payload.code} watch started` };
      return {
        summary: `${payload.code}${describe(object)}${object?.resourceVersion ? ` rv ${object.resourceVersion}` : ''}`,
        object,
      };
    }
    case 'api.watch': {
      const object = objectRefOf(payload.object);
      if (payload.type === 'ERROR')
        return { summary: `watch ERROR: ${String(payload.object.message ?? '')}` };
      return { summary: `watch ${payload.type}${describe(object)}`, object };
    }
    case 'api.watchClose':
      return { summary: 'close watch' };
    case 'api.watchEnd':
      return { summary: 'watch ended by server' };
    case 'etcd.request': {
      const r = payload.request;
      switch (r.op) {
        case 'range':
          return { summary: `range ${r.key}${r.rangeEnd ? ' (prefix)' : ''}` };
        case 'put':
          return { summary: `put ${r.key}`, object: objectRefOf(r.value) };
        case 'deleteRange':
          return { summary: `delete ${r.key}` };
        case 'txn': {
          const ops = r.success
            .map((op) => `${op.op === 'deleteRange' ? 'delete' : op.op} ${op.key}`)
            .join(', ');
          const compare = r.compare
            .map(
              (c) =>
                `${c.target.toLowerCase()}_revision(${c.key}) ${c.result === 'EQUAL' ? '=' : c.result} ${c.value}`,
            )
            .join(', ');
          return { summary: `txn if ${compare || 'true'} then ${ops}` };
        }
        case 'watch':
          return {
            summary: `watch ${r.key}${r.rangeEnd ? ' (prefix)' : ''} from rev ${r.startRevision ?? 0}`,
          };
        case 'cancelWatch':
          return { summary: `cancel watch ${r.watchId}` };
        case 'compact':
          return { summary: `compact to rev ${r.revision}` };
      }
      break;
    }
    case 'etcd.response': {
      if (payload.error) return { summary: `error: ${payload.error.message}` };
      const r = payload.response;
      if (!r) return { summary: 'ok' };
      if (r.op === 'txn')
        return {
          summary: `txn ${r.succeeded ? 'succeeded' : 'failed'} at rev ${r.header.revision}`,
        };
      if (r.op === 'range')
        return { summary: `${r.kvs.length} key(s) at rev ${r.header.revision}` };
      return { summary: `${r.op} ok at rev ${r.header.revision}` };
    }
    case 'etcd.watch': {
      if (payload.canceled) return { summary: `watch canceled: ${payload.cancelReason ?? ''}` };
      const first = payload.events[0];
      const more = payload.events.length > 1 ? ` (+${payload.events.length - 1})` : '';
      return first
        ? {
            summary: `${first.type} ${first.kv.key} rev ${first.kv.modRevision}${more}`,
            object: objectRefOf(first.type === 'PUT' ? first.kv.value : first.prevKv?.value),
          }
        : { summary: 'watch progress' };
    }
  }
  return summarizeOther(payload);
}

/** Messages of the node agents, the metrics pipeline, faults and traffic. */
function summarizeOther(payload: Payload): { summary: string; object?: ObjectRef } {
  switch (payload.kind) {
    case 'cri.request': {
      const r = payload.request;
      switch (r.method) {
        case 'RunPodSandbox':
          return {
            summary: `CRI RunPodSandbox ${r.config.metadata.namespace}/${r.config.metadata.name}`,
          };
        case 'CreateContainer':
          return {
            summary: `CRI CreateContainer ${r.config.metadata.name} (${r.config.image.image})`,
          };
        case 'PullImage':
        case 'ImageStatus':
        case 'RemoveImage':
          return { summary: `CRI ${r.method} ${r.image.image}` };
        default: {
          const target =
            'containerId' in r
              ? ` ${r.containerId}`
              : 'podSandboxId' in r
                ? ` ${r.podSandboxId}`
                : '';
          return { summary: `CRI ${r.method}${target}` };
        }
      }
    }
    case 'cri.response':
      return { summary: payload.error ? `CRI error: ${payload.error.message}` : 'CRI ok' };
    case 'cri.event':
      return {
        summary: `CRI event ${payload.event.containerEventType} ${payload.event.containerId}`,
      };
    case 'fault':
      return { summary: `fault: ${payload.fault.type}` };
    case 'metrics.scrape':
      return { summary: 'GET /metrics/resource' };
    case 'metrics.report':
      return { summary: `metrics from ${payload.node}: ${payload.pods.length} pod(s)` };
    case 'load.demand':
      return { summary: `load: ${Object.keys(payload.demand).length} pod(s)` };
    case 'load.set':
      return {
        summary: `load: ${payload.workload.namespace} ${payload.workload.selector} = ${payload.workload.millicores}m`,
      };
    case 'traffic':
      return {
        summary: payload.response
          ? `response ${payload.response.status}${payload.response.servedBy ? ` from ${payload.response.servedBy}` : ''}${payload.response.error ? `: ${payload.response.error}` : ''}`
          : `request to ${payload.destination}`,
      };
    case 'cloud.request':
      return { summary: `cloud ${payload.request.method}` };
    case 'cloud.response':
      return { summary: payload.error ? `cloud error: ${payload.error}` : 'cloud ok' };
    default:
      return { summary: payload.kind };
  }
}
