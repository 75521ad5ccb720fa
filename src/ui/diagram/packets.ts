/**
 * Messages in flight as packets: a short label a learner can read at a glance ("POST pods",
 * "watch ADDED web-7c9d-x2kqp", "bind to node-2", "PATCH pod status Running") and where the
 * packet is on its way, (now - sentAt) / (deliverAt - sentAt) along the line between its ends.
 */
import type { MessageView } from '../../runtime/view.ts';
import type { Point } from './geometry.ts';
import { routeKey } from './diagramTypes.ts';

export const MAX_PACKETS = 60;
const MAX_LABEL = 34;
/** A label's rough width and a row's height, in flow px, for keeping labels apart. */
const LABEL_WIDTH = 110;
export const ROW = 17;

function clip(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

const SINGULAR: Record<string, string> = {
  endpoints: 'endpoints',
  ingresses: 'ingress',
  leases: 'lease',
  statuses: 'status',
};

function singular(resource: string): string {
  if (resource in SINGULAR) return SINGULAR[resource]!;
  return resource.endsWith('ies')
    ? `${resource.slice(0, -3)}y`
    : resource.endsWith('s')
      ? resource.slice(0, -1)
      : resource;
}

/** Resource, name and subresource of an API path (/api/v1/namespaces/ns/pods/x/status). */
export function apiTarget(path: string): { resource: string; name?: string; sub?: string } {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  const rest = parts[0] === 'api' ? parts.slice(2) : parts.slice(3);
  const scoped = rest[0] === 'namespaces' && rest.length >= 3 ? rest.slice(2) : rest;
  const [resource = '', name, sub] = scoped;
  return { resource, ...(name ? { name } : {}), ...(sub ? { sub } : {}) };
}

/** "/registry/pods/default/web-x" -> "pods/web-x": etcd keys without the prefix and namespace. */
export function shortKey(key: string): string {
  const parts = key.replace(/^\/registry\//, '').split('/');
  return parts.length >= 3 ? `${parts[0]}/${parts.slice(2).join('/')}` : parts.join('/');
}

function apiRequestLabel(m: MessageView): string {
  const [method = '', path = ''] = m.summary.split(' ');
  const { resource, name, sub } = apiTarget(path);
  const watch = /[?&]watch=(true|1)/.test(path);
  if (sub === 'binding') return m.detail ? `bind to ${m.detail}` : `bind ${name}`;
  if (sub === 'status')
    return `${method} ${singular(resource)} status${m.detail ? ` ${m.detail}` : ''}`;
  if (watch) return `WATCH ${resource}`;
  if (method === 'GET') return name ? `GET ${singular(resource)} ${name}` : `LIST ${resource}`;
  if (method === 'POST') return sub ? `POST ${singular(resource)} ${sub}` : `POST ${resource}`;
  return `${method} ${singular(resource)}${name ? ` ${name}` : ''}${sub ? `/${sub}` : ''}`;
}

/** The packet's label: the gist of the message in a few words. */
export function packetLabel(m: MessageView): string {
  switch (m.kind) {
    case 'api.request':
      return clip(apiRequestLabel(m));
    case 'api.response': {
      const code = m.summary.split(' ')[0] ?? '';
      const reason = /^\d+ (\w+):/.exec(m.summary)?.[1];
      if (reason) return clip(`${code} ${reason}`);
      if (m.object?.name)
        return clip(
          `${code} ${m.object.kind?.toLowerCase() ?? ''} ${m.object.name}`.replace('  ', ' '),
        );
      const list = /^\d+ (\w+) \((\d+) items/.exec(m.summary);
      if (list) return clip(`${code} ${list[1]} (${list[2]})`);
      return clip(m.summary);
    }
    case 'api.watch': {
      const type = /^watch (\w+)/.exec(m.summary)?.[1] ?? '';
      return clip(m.object?.name ? `watch ${type} ${m.object.name}` : m.summary);
    }
    case 'etcd.request': {
      const txn = / then (.*)$/.exec(m.summary);
      const text = txn ? `txn ${txn[1]}` : m.summary;
      return clip(text.replace(/\/registry\/[^\s,)]*/g, (k) => shortKey(k)));
    }
    case 'etcd.watch':
      return clip(m.summary.replace(/\/registry\/[^\s,)]*/g, (k) => shortKey(k)));
    case 'cri.request':
      return clip(m.summary.replace(/ [a-z0-9-]+\/([^\s]+)$/, ' $1'));
    default:
      return clip(m.summary);
  }
}

/** Which family a message belongs to, for its colour. */
export function packetFamily(kind: string): 'api' | 'watch' | 'etcd' | 'node' | 'other' {
  if (kind === 'api.watch' || kind === 'api.watchEnd' || kind === 'etcd.watch') return 'watch';
  if (kind.startsWith('api.')) return 'api';
  if (kind.startsWith('etcd.')) return 'etcd';
  if (kind.startsWith('cri.') || kind.startsWith('metrics.') || kind.startsWith('load.'))
    return 'node';
  return 'other';
}

/** How far along its line a message is, 0 (just sent) to 1 (arriving). */
export function progress(m: Pick<MessageView, 'sentAt' | 'deliverAt'>, now: number): number {
  const span = m.deliverAt - m.sentAt;
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (now - m.sentAt) / span));
}

export interface PlacedPacket {
  id: string;
  message: MessageView;
  label: string;
  family: ReturnType<typeof packetFamily>;
  from: Point;
  to: Point;
  /** How far along its line it is drawn, 0 to 1. */
  progress: number;
  /** Where the packet is drawn. */
  at: Point;
  /** Direction of travel in degrees (0 = rightwards), for the arrow. */
  angle: number;
  /** No line is drawn between its ends, so the packet layer draws one while it travels. */
  adHoc: boolean;
  /**
   * Only the packet nearest arrival on each line and direction carries a label, with how many
   * more follow it; the others are dots. Forty labels at once would be unreadable.
   */
  labelled: boolean;
  following: number;
  /** Label rows to shift down so labels at the same spot stay readable. */
  row: number;
}

/** Where a packet is at virtual time `now`: along its line, or at the middle when `still`. */
export function packetPoint(
  p: Pick<PlacedPacket, 'from' | 'to' | 'message'>,
  now: number,
  still: boolean,
): { at: Point; progress: number } {
  const f = still ? 0.5 : progress(p.message, now);
  return {
    at: { x: p.from.x + (p.to.x - p.from.x) * f, y: p.from.y + (p.to.y - p.from.y) * f },
    progress: f,
  };
}

export interface Placement {
  packets: PlacedPacket[];
  /** Messages in flight not drawn (over the cap, or between components not on the diagram). */
  hidden: number;
}

/**
 * Places up to `limit` messages (the soonest to arrive). With `still`, for reduced motion, each
 * packet sits at the middle of its line instead of moving along it.
 */
export function placePackets(
  messages: readonly MessageView[],
  now: number,
  anchors: ReadonlyMap<string, Point>,
  routes: ReadonlySet<string>,
  options: { limit?: number; still?: boolean } = {},
): Placement {
  const limit = options.limit ?? MAX_PACKETS;
  const packets: PlacedPacket[] = [];
  for (const m of messages) {
    if (packets.length >= limit) break;
    const from = anchors.get(m.from);
    const to = anchors.get(m.to);
    if (!from || !to) continue;
    const { at, progress: f } = packetPoint({ from, to, message: m }, now, options.still ?? false);
    packets.push({
      id: m.id,
      message: m,
      label: packetLabel(m),
      family: packetFamily(m.kind),
      from,
      to,
      progress: f,
      at,
      angle: (Math.atan2(to.y - from.y, to.x - from.x) * 180) / Math.PI,
      adHoc: !routes.has(routeKey(m.from, m.to)),
      labelled: false,
      following: 0,
      row: 0,
    });
  }
  // Messages come soonest-to-arrive first, so the first seen on a line leads it.
  const leaders = new Map<string, PlacedPacket>();
  for (const p of packets) {
    const key = `${p.message.from}>${p.message.to}`;
    const leader = leaders.get(key);
    if (leader) leader.following++;
    else {
      leaders.set(key, p);
      p.labelled = true;
    }
  }
  stack(packets.filter((p) => p.labelled));
  return { packets, hidden: messages.length - packets.length };
}

/** Packets close together get their labels on successive rows instead of on top of each other. */
function stack(packets: PlacedPacket[]): void {
  const taken: PlacedPacket[] = [];
  for (const p of packets) {
    const clash = (row: number) =>
      taken.some(
        (q) =>
          Math.abs(q.at.x - p.at.x) < LABEL_WIDTH &&
          Math.abs(q.at.y + q.row * ROW - (p.at.y + row * ROW)) < ROW,
      );
    let row = 0;
    while (row < 12 && clash(row)) row++;
    p.row = row;
    taken.push(p);
  }
}
