/**
 * The simulated cloud (`cloud`): answers the cloud provider interface calls of the
 * cloud-controller-manager from its inventory, provisions load balancers after a delay (a new
 * one takes 5-10 s of virtual time, drawn from the seeded generator), lets the user add,
 * remove, stop and start machines, and forwards traffic sent to a load balancer's IP to one
 * of its nodes (VIP mode: the destination stays the load balancer's IP, which kube-proxy
 * matches in KUBE-SERVICES).
 */
import { nextFloat, nextInt } from '../../shared/index.ts';
import type { Component, StepContext } from '../sim/component.ts';
import type { ComponentId, Envelope } from '../sim/envelope.ts';
import type { TrafficPayload } from '../traffic/protocol.ts';
import {
  addMachine,
  allocateLoadBalancerIP,
  defaultLoadBalancerName,
  findMachine,
  newInventory,
  type Inventory,
} from './inventory.ts';
import type { CloudRequest } from './protocol.ts';

export const CLOUD: ComponentId = 'cloud';
const LB_READY_TIMER = 'lb-ready';

export interface CloudConfig {
  region?: string;
  machines?: { nodeName: string; zone?: string; instanceType?: string; internalIP?: string }[];
  /** How long creating a load balancer takes, [min, max] ms; default 5-10 s. */
  provisioningDelayMs?: [number, number];
}

export interface CloudState {
  inventory: Inventory;
  provisioningDelayMs: [number, number];
  /** EnsureLoadBalancer calls waiting for a load balancer to finish provisioning. */
  waiting: Record<string, { to: ComponentId; inReplyTo: string }[]>;
  /** Traffic the load balancers forwarded: requestId -> client. */
  connections: Record<string, ComponentId>;
}

const INSTANCE_NOT_FOUND = 'instance not found';

function reply(
  ctx: StepContext,
  to: ComponentId,
  inReplyTo: string,
  response: Record<string, unknown>,
) {
  ctx.send(to, { kind: 'cloud.response', inReplyTo, response });
}

function fail(ctx: StepContext, to: ComponentId, inReplyTo: string, error: string) {
  ctx.send(to, { kind: 'cloud.response', inReplyTo, error });
}

function ingressOf(ip: string) {
  return [{ ip, ipMode: 'VIP' as const }];
}

function handleRequest(
  state: CloudState,
  message: Envelope,
  r: CloudRequest,
  ctx: StepContext,
): void {
  const inv = state.inventory;
  const to = message.from;
  const id = message.id;
  switch (r.method) {
    case 'InstanceExists':
      return reply(ctx, to, id, {
        exists: findMachine(inv, r.providerID, r.nodeName) !== undefined,
      });
    case 'InstanceShutdown': {
      const m = findMachine(inv, r.providerID, r.nodeName);
      return m
        ? reply(ctx, to, id, { shutdown: !m.running })
        : fail(ctx, to, id, INSTANCE_NOT_FOUND);
    }
    case 'InstanceMetadata': {
      const m = findMachine(inv, r.providerID, r.nodeName);
      if (!m) return fail(ctx, to, id, INSTANCE_NOT_FOUND);
      return reply(ctx, to, id, {
        providerID: m.providerID,
        instanceType: m.instanceType,
        nodeAddresses: m.addresses.map((a) => ({ ...a })),
        zone: m.zone,
        region: m.region,
      });
    }
    case 'GetLoadBalancer': {
      const lb = inv.loadBalancers[defaultLoadBalancerName(r.service)];
      return reply(
        ctx,
        to,
        id,
        lb ? { exists: true, ingress: ingressOf(lb.ip) } : { exists: false },
      );
    }
    case 'EnsureLoadBalancer': {
      const name = defaultLoadBalancerName(r.service);
      const existing = inv.loadBalancers[name];
      if (existing) {
        existing.nodes = [...r.nodes];
        existing.ports = r.ports.map((p) => ({ ...p }));
        if (existing.status === 'active')
          return reply(ctx, to, id, { ingress: ingressOf(existing.ip) });
        (state.waiting[name] ??= []).push({ to, inReplyTo: id });
        return;
      }
      const ip = allocateLoadBalancerIP(inv);
      inv.loadBalancers[name] = {
        name,
        service: { ...r.service },
        ip,
        nodes: [...r.nodes],
        ports: r.ports.map((p) => ({ ...p })),
        status: 'provisioning',
      };
      state.waiting[name] = [{ to, inReplyTo: id }];
      const [min, max] = state.provisioningDelayMs;
      const delay = Math.round(min + nextFloat(ctx.rng) * (max - min));
      ctx.note(`provisioning load balancer ${name} at ${ip}, ready in ${delay} ms`);
      ctx.setTimer(delay, LB_READY_TIMER, { name });
      return;
    }
    case 'UpdateLoadBalancer': {
      const lb = inv.loadBalancers[defaultLoadBalancerName(r.service)];
      if (!lb)
        return fail(
          ctx,
          to,
          id,
          `load balancer for service ${r.service.namespace}/${r.service.name} not found`,
        );
      lb.nodes = [...r.nodes];
      return reply(ctx, to, id, {});
    }
    case 'EnsureLoadBalancerDeleted': {
      const name = defaultLoadBalancerName(r.service);
      const existed = inv.loadBalancers[name] !== undefined;
      delete inv.loadBalancers[name];
      delete state.waiting[name];
      return reply(ctx, to, id, { existed });
    }
    case 'AddMachine': {
      if (inv.machines[r.nodeName])
        return fail(ctx, to, id, `machine ${r.nodeName} already exists`);
      const m = addMachine(inv, r);
      return reply(ctx, to, id, { providerID: m.providerID, zone: m.zone });
    }
    case 'RemoveMachine':
    case 'StopMachine':
    case 'StartMachine': {
      const m = inv.machines[r.nodeName];
      if (!m) return fail(ctx, to, id, INSTANCE_NOT_FOUND);
      if (r.method === 'RemoveMachine') delete inv.machines[r.nodeName];
      else m.running = r.method === 'StartMachine';
      return reply(ctx, to, id, {});
    }
  }
}

/** A load balancer hands a new connection to one of its nodes, uniformly. */
function handleTraffic(
  state: CloudState,
  message: Envelope,
  p: TrafficPayload,
  ctx: StepContext,
): void {
  if (p.response) {
    const client = state.connections[p.requestId];
    if (!client) return;
    delete state.connections[p.requestId];
    ctx.send(client, { ...p, hops: [...p.hops, ctx.self] });
    return;
  }
  const hops = p.hops.length > 0 ? p.hops : [message.from];
  const colon = p.destination.lastIndexOf(':');
  const ip = p.destination.slice(0, colon);
  const port = Number(p.destination.slice(colon + 1));
  const lb = Object.values(state.inventory.loadBalancers).find(
    (l) => l.ip === ip && l.status === 'active' && l.ports.some((x) => x.port === port),
  );
  const nodes = (lb?.nodes ?? []).filter((n) => state.inventory.machines[n]?.running);
  if (!lb || nodes.length === 0) {
    ctx.send(message.from, {
      ...p,
      hops: [...hops, ctx.self],
      response: { status: 0, error: 'connection timed out' },
    });
    return;
  }
  const node = nodes[nextInt(ctx.rng, nodes.length)]!;
  state.connections[p.requestId] = message.from;
  ctx.note(`load balancer ${lb.name} -> ${node}`);
  ctx.send(`kube-proxy/${node}`, { ...p, hops: [...hops, ctx.self] });
}

export const cloudProvider: Component<CloudState, CloudConfig> = {
  type: 'cloud',
  init(config) {
    const inventory = newInventory(config.region);
    for (const m of config.machines ?? []) addMachine(inventory, m);
    return {
      inventory,
      provisioningDelayMs: config.provisioningDelayMs ?? [5_000, 10_000],
      waiting: {},
      connections: {},
    };
  },
  step(state, message, ctx) {
    const p = message.payload;
    if (p.kind === 'cloud.request') handleRequest(state, message, p.request, ctx);
    else if (p.kind === 'traffic') handleTraffic(state, message, p, ctx);
    else if (p.kind === 'timer' && p.name === LB_READY_TIMER) {
      const name = (p.data as { name: string }).name;
      const lb = state.inventory.loadBalancers[name];
      if (!lb) return state; // deleted while provisioning
      lb.status = 'active';
      ctx.note(`load balancer ${name} is ready at ${lb.ip}`);
      for (const w of state.waiting[name] ?? [])
        reply(ctx, w.to, w.inReplyTo, { ingress: ingressOf(lb.ip) });
      delete state.waiting[name];
    }
    return state;
  },
};
