/** Endpoints, EndpointSlice and Event validation. */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { validateProtocol } from './container.ts';
import {
  getArray,
  getInt,
  getObject,
  getObjectArray,
  getString,
  immutable,
  metaOf,
  metaString,
} from './fields.ts';
import type { Errs } from './fields.ts';
import { nameValidator, subdomainName, validateObjectMeta } from './meta.ts';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPv4,
  isIPv6,
  isValidIP,
  isValidPathSegmentName,
  isValidPortNum,
} from './names.ts';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;

function validatePorts(
  ports: (JsonObject | undefined)[],
  path: string,
  requireName: boolean,
  errs: Errs,
): void {
  const names = new Set<string>();
  ports.forEach((port, i) => {
    if (!port) return;
    const p = `${path}[${i}]`;
    const name = getString(port, 'name', `${p}.name`, errs) ?? '';
    if (requireName && !name) errs.push(fieldError.required(`${p}.name`, ''));
    else if (name) {
      for (const msg of isDNS1123Label(name)) errs.push(fieldError.invalid(`${p}.name`, name, msg));
      if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const num = getInt(port, 'port', `${p}.port`, errs);
    if (num !== undefined || requireName)
      for (const msg of isValidPortNum(num ?? 0))
        errs.push(fieldError.invalid(`${p}.port`, num ?? 0, msg));
    validateProtocol(port, `${p}.protocol`, errs);
  });
}

export function validateEndpoints(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  getObjectArray(obj, 'subsets', 'subsets', errs).forEach((ss, i) => {
    if (!ss) return;
    const p = `subsets[${i}]`;
    const addresses = getObjectArray(ss, 'addresses', `${p}.addresses`, errs);
    const notReady = getObjectArray(ss, 'notReadyAddresses', `${p}.notReadyAddresses`, errs);
    if (addresses.length === 0 && notReady.length === 0)
      errs.push(fieldError.required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (const [key, list] of [
      ['addresses', addresses],
      ['notReadyAddresses', notReady],
    ] as const) {
      list.forEach((addr, j) => {
        const ap = `${p}.${key}[${j}]`;
        const ip = getString(addr, 'ip', `${ap}.ip`, errs) ?? '';
        if (!isValidIP(ip))
          errs.push(
            fieldError.invalid(
              `${ap}.ip`,
              ip,
              'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
            ),
          );
        const nodeName = getString(addr, 'nodeName', `${ap}.nodeName`, errs) ?? '';
        if (nodeName)
          for (const msg of isDNS1123Subdomain(nodeName))
            errs.push(fieldError.invalid(`${ap}.nodeName`, nodeName, msg));
      });
    }
    const ports = getObjectArray(ss, 'ports', `${p}.ports`, errs);
    validatePorts(ports, `${p}.ports`, ports.length > 1, errs);
  });
}

export function validateEndpointSlice(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, subdomainName, errs);
  const addressType = getString(obj, 'addressType', 'addressType', errs) ?? '';
  if (!ADDRESS_TYPES.includes(addressType))
    errs.push(fieldError.notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints = getObjectArray(obj, 'endpoints', 'endpoints', errs);
  if (endpoints.length > MAX_ENDPOINTS)
    errs.push(fieldError.tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  endpoints.forEach((ep, i) => {
    if (!ep) return;
    const ap = `endpoints[${i}].addresses`;
    const addresses = getArray(ep, 'addresses', ap, errs) ?? [];
    if (addresses.length === 0)
      errs.push(fieldError.required(ap, 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES)
      errs.push(fieldError.tooMany(ap, addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const addr = typeof a === 'string' ? a : '';
      if (addressType === 'IPv4' && !isIPv4(addr))
        errs.push(fieldError.invalid(`${ap}[${j}]`, addr, 'must be a valid IPv4 address'));
      if (addressType === 'IPv6' && !isIPv6(addr))
        errs.push(fieldError.invalid(`${ap}[${j}]`, addr, 'must be a valid IPv6 address'));
      if (addressType === 'FQDN')
        for (const msg of isDNS1123Subdomain(addr))
          errs.push(fieldError.invalid(`${ap}[${j}]`, addr, msg));
    });
    const nodeName = getString(ep, 'nodeName', `endpoints[${i}].nodeName`, errs) ?? '';
    if (nodeName)
      for (const msg of isDNS1123Subdomain(nodeName))
        errs.push(fieldError.invalid(`endpoints[${i}].nodeName`, nodeName, msg));
  });
  validatePorts(getObjectArray(obj, 'ports', 'ports', errs), 'ports', false, errs);
}

export function validateEndpointSliceUpdate(obj: JsonObject, old: JsonObject, errs: Errs): void {
  immutable(obj['addressType'], old['addressType'], 'addressType', errs);
}

/**
 * legacyValidateEvent for core/v1 Events: the event's namespace must match its involvedObject's.
 * Events without eventTime are the legacy kind client-go's recorder writes.
 */
export function validateEvent(obj: JsonObject, errs: Errs): void {
  validateObjectMeta(metaOf(obj), true, nameValidator(isValidPathSegmentName), errs);
  const namespace = metaString(obj, 'namespace');
  const involved = getObject(obj, 'involvedObject', 'involvedObject', errs) ?? {};
  const involvedNs = getString(involved, 'namespace', 'involvedObject.namespace', errs) ?? '';
  const eventTime = getString(obj, 'eventTime', 'eventTime', errs);
  if (!eventTime) {
    if (!involvedNs) {
      if (namespace !== '' && namespace !== 'default')
        errs.push(
          fieldError.invalid(
            'involvedObject.namespace',
            involvedNs,
            'does not match event.namespace',
          ),
        );
    } else if (namespace !== involvedNs) {
      errs.push(
        fieldError.invalid(
          'involvedObject.namespace',
          involvedNs,
          'does not match event.namespace',
        ),
      );
    }
  } else {
    if (!involvedNs && namespace !== 'default' && namespace !== 'kube-system')
      errs.push(
        fieldError.invalid(
          'involvedObject.namespace',
          involvedNs,
          'does not match event.namespace',
        ),
      );
    if (!getString(obj, 'reportingComponent', 'reportingComponent', errs))
      errs.push(fieldError.required('source', ''));
    if (!getString(obj, 'reportingInstance', 'reportingInstance', errs))
      errs.push(fieldError.required('reportingInstance', ''));
    if (!getString(obj, 'action', 'action', errs)) errs.push(fieldError.required('action', ''));
    if (!getString(obj, 'reason', 'reason', errs)) errs.push(fieldError.required('reason', ''));
  }
  for (const msg of isDNS1123Subdomain(namespace))
    errs.push(fieldError.invalid('namespace', namespace, msg));
  getInt(obj, 'count', 'count', errs);
}
