import type { PlainObject } from '../../shared/index.ts';
import type { StepContext } from '../sim/component.ts';
import { findResource, groupResource, type ResourceInfo } from '../api/resources.ts';
import type { Qualified } from '../api/status.ts';

/** Sends an API response to a client (internal operations, with no client, answer nobody). */
export function reply(
  ctx: StepContext,
  client: string,
  inReplyTo: string,
  code: number,
  body: PlainObject,
): void {
  if (client) ctx.send(client, { kind: 'api.response', inReplyTo, code, body });
}

export function qualified(info: ResourceInfo, subresource = ''): Qualified {
  return {
    groupResource: subresource ? `${groupResource(info)}/${subresource}` : groupResource(info),
    group: info.group,
    resource: info.resource,
  };
}

export function resourceByKey(resourceKey: string): ResourceInfo {
  const slash = resourceKey.indexOf('/');
  const info = findResource(resourceKey.slice(0, slash), resourceKey.slice(slash + 1));
  if (!info) throw new Error(`unknown resource ${resourceKey}`);
  return info;
}
