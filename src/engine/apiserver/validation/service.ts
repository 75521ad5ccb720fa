/** Service validation (core ValidateService / ValidateServiceUpdate). */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { isJsonObject } from '../../../shared/json.ts';
import { validateProtocol } from './container.ts';
import {
  getArray,
  getInt,
  getIntOrString,
  getObject,
  getObjectArray,
  getString,
  getStringMap,
  metaOf,
} from './fields.ts';
import type { Errs } from './fields.ts';
import { nameValidator, validateLabels, validateObjectMeta } from './meta.ts';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidIP,
  isValidPortName,
  isValidPortNum,
} from './names.ts';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const SESSION_AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

/** The default --service-node-port-range. */
export const NODE_PORT_RANGE = { base: 30000, size: 2768 };

export function nodePortRangeMessage(): string {
  const last = NODE_PORT_RANGE.base + NODE_PORT_RANGE.size - 1;
  return `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE.base}-${last}`;
}

/** ExternallyAccessible: NodePort, LoadBalancer, or ClusterIP with external IPs. */
function externallyAccessible(type: string, spec: JsonObject): boolean {
  const externalIPs = spec['externalIPs'];
  return (
    type === 'LoadBalancer' ||
    type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(externalIPs) && externalIPs.length > 0)
  );
}

export function validateService(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, nameValidator(isDNS1035Label), errs);
  const spec = getObject(obj, 'spec', 'spec', errs) ?? {};
  const type = getString(spec, 'type', 'spec.type', errs) ?? '';
  const clusterIP = getString(spec, 'clusterIP', 'spec.clusterIP', errs) ?? '';
  const clusterIPs = (getArray(spec, 'clusterIPs', 'spec.clusterIPs', errs) ?? []).filter(
    (ip): ip is string => typeof ip === 'string',
  );
  const headless = clusterIP === 'None';
  const ports = getObjectArray(spec, 'ports', 'spec.ports', errs);
  if (ports.length === 0 && !headless && type !== 'ExternalName')
    errs.push(fieldError.required('spec.ports', ''));
  if (!type) errs.push(fieldError.required('spec.type', ''));
  else if (!SERVICE_TYPES.includes(type))
    errs.push(fieldError.notSupported('spec.type', type, SERVICE_TYPES));

  if (type === 'ExternalName') {
    if (clusterIPs.length > 0 || (clusterIP && clusterIP !== 'None'))
      errs.push(
        fieldError.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'),
      );
    const cname = (getString(spec, 'externalName', 'spec.externalName', errs) ?? '').replace(
      /\.$/,
      '',
    );
    if (!cname) errs.push(fieldError.required('spec.externalName', ''));
    else
      for (const msg of isDNS1123Subdomain(cname))
        errs.push(fieldError.invalid('spec.externalName', cname, msg));
  } else {
    const ips = clusterIPs.length > 0 ? clusterIPs : clusterIP ? [clusterIP] : [];
    ips.forEach((ip, i) => {
      if (ip === 'None' && i === 0) {
        if (type === 'LoadBalancer' || type === 'NodePort')
          errs.push(
            fieldError.invalid(
              'spec.clusterIPs[0]',
              ip,
              `may not be set to 'None' for ${type} services`,
            ),
          );
      } else if (!isValidIP(ip)) {
        errs.push(
          fieldError.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            "must be empty, 'None', or a valid IP address",
          ),
        );
      }
    });
    if (clusterIPs.length > 0 && clusterIP !== clusterIPs[0])
      errs.push(
        fieldError.invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'),
      );
  }

  const names = new Set<string>();
  const seen = new Set<string>();
  const seenNodePorts = new Set<string>();
  ports.forEach((port, i) => {
    if (!port) return;
    const p = `spec.ports[${i}]`;
    const name = getString(port, 'name', `${p}.name`, errs) ?? '';
    if (ports.length > 1 && !name) errs.push(fieldError.required(`${p}.name`, ''));
    else if (name) {
      for (const msg of isDNS1123Label(name)) errs.push(fieldError.invalid(`${p}.name`, name, msg));
      if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const num = getInt(port, 'port', `${p}.port`, errs) ?? 0;
    for (const msg of isValidPortNum(num)) errs.push(fieldError.invalid(`${p}.port`, num, msg));
    validateProtocol(port, `${p}.protocol`, errs);
    const target = getIntOrString(port, 'targetPort', `${p}.targetPort`, errs);
    if (typeof target === 'number')
      for (const msg of isValidPortNum(target))
        errs.push(fieldError.invalid(`${p}.targetPort`, target, msg));
    else if (typeof target === 'string')
      for (const msg of isValidPortName(target))
        errs.push(fieldError.invalid(`${p}.targetPort`, target, msg));
    const protocol = typeof port['protocol'] === 'string' ? port['protocol'] : '';
    const key = `${protocol}/${num}`;
    if (seen.has(key)) errs.push(fieldError.duplicate(p, { port: num, protocol }));
    seen.add(key);
    const nodePort = getInt(port, 'nodePort', `${p}.nodePort`, errs) ?? 0;
    if (nodePort !== 0) {
      if (type === 'ClusterIP')
        errs.push(
          fieldError.forbidden(`${p}.nodePort`, "may not be used when `type` is 'ClusterIP'"),
        );
      else if (type === 'NodePort' || type === 'LoadBalancer') {
        const nodeKey = `${protocol}/${nodePort}`;
        if (seenNodePorts.has(nodeKey)) errs.push(fieldError.duplicate(`${p}.nodePort`, nodePort));
        seenNodePorts.add(nodeKey);
        if (
          nodePort < NODE_PORT_RANGE.base ||
          nodePort >= NODE_PORT_RANGE.base + NODE_PORT_RANGE.size
        )
          errs.push(fieldError.invalid(`${p}.nodePort`, nodePort, nodePortRangeMessage()));
      }
    }
  });

  validateLabels(getStringMap(spec, 'selector', 'spec.selector', errs), 'spec.selector', errs);
  const affinity = getString(spec, 'sessionAffinity', 'spec.sessionAffinity', errs) ?? '';
  if (!SESSION_AFFINITIES.includes(affinity))
    errs.push(fieldError.notSupported('spec.sessionAffinity', affinity, SESSION_AFFINITIES));

  const etp = getString(spec, 'externalTrafficPolicy', 'spec.externalTrafficPolicy', errs) ?? '';
  if (!externallyAccessible(type, spec)) {
    if (etp)
      errs.push(
        fieldError.invalid(
          'spec.externalTrafficPolicy',
          etp,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (!etp) errs.push(fieldError.required('spec.externalTrafficPolicy', ''));
  else if (!TRAFFIC_POLICIES.includes(etp))
    errs.push(fieldError.notSupported('spec.externalTrafficPolicy', etp, TRAFFIC_POLICIES));

  const itp = getString(spec, 'internalTrafficPolicy', 'spec.internalTrafficPolicy', errs);
  if (itp === undefined) {
    if (type !== 'ExternalName') errs.push(fieldError.required('spec.internalTrafficPolicy', ''));
  } else if (!TRAFFIC_POLICIES.includes(itp))
    errs.push(fieldError.notSupported('spec.internalTrafficPolicy', itp, TRAFFIC_POLICIES));

  const ipfp = getString(spec, 'ipFamilyPolicy', 'spec.ipFamilyPolicy', errs);
  if (ipfp !== undefined && !IP_FAMILY_POLICIES.includes(ipfp))
    errs.push(fieldError.notSupported('spec.ipFamilyPolicy', ipfp, IP_FAMILY_POLICIES));
}

/** validateUpgradeDowngradeClusterIPs: assigned cluster IPs may not change (except to or from ExternalName). */
export function validateServiceUpdate(obj: JsonObject, old: JsonObject, errs: Errs): void {
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  const oldSpec = isJsonObject(old['spec']) ? old['spec'] : {};
  if (spec['type'] === 'ExternalName' || oldSpec['type'] === 'ExternalName') return;
  const ips = (v: unknown): string[] =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const next = ips(spec['clusterIPs']);
  const prev = ips(oldSpec['clusterIPs']);
  if (prev[0] === 'None' && next[0] === 'None') return;
  if (prev.length === next.length) {
    prev.forEach((ip, i) => {
      if (ip !== next[i])
        errs.push(fieldError.invalid(`spec.clusterIPs[${i}]`, next, 'may not change once set'));
    });
  } else if (prev.length > next.length) {
    if (next.length === 0)
      errs.push(
        fieldError.invalid('spec.clusterIPs[0]', next, 'primary clusterIP can not be unset'),
      );
    else if (prev[0] !== next[0])
      errs.push(fieldError.invalid('spec.clusterIPs[0]', next, 'may not change once set'));
  } else if (prev.length > 0 && prev[0] !== next[0]) {
    errs.push(fieldError.invalid('spec.clusterIPs[0]', next, 'may not change once set'));
  }
}

export function validateServiceStatus(obj: JsonObject, errs: Errs): void {
  const status = getObject(obj, 'status', 'status', errs);
  const lb = getObject(status, 'loadBalancer', 'status.loadBalancer', errs);
  getObjectArray(lb, 'ingress', 'status.loadBalancer.ingress', errs).forEach((ing, i) => {
    const ip = getString(ing, 'ip', `status.loadBalancer.ingress[${i}].ip`, errs) ?? '';
    if (ip && !isValidIP(ip))
      errs.push(
        fieldError.invalid(
          `status.loadBalancer.ingress[${i}].ip`,
          ip,
          'must be a valid IP address',
        ),
      );
  });
}
