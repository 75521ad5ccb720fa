/**
 * Container validation (core validateContainers / ValidateResourceRequirements): names, images,
 * ports, env, resources and volume mounts.
 */
import { fieldError } from '../../api/fieldErrors.ts';
import type { JsonObject } from '../../../shared/json.ts';
import { compareQuantities, formatQuantity, parseQuantityExact } from '../../api/quantity.ts';
import type { Quantity } from '../../api/quantity.ts';
import { getInt, getObject, getObjectArray, getString } from './fields.ts';
import type { Errs } from './fields.ts';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  regexError,
} from './names.ts';

export const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const ENV_VAR_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';

/** Validates `containers` or `initContainers`; `allNames` is shared so names are unique across both. */
export function validateContainers(
  spec: JsonObject,
  key: 'containers' | 'initContainers',
  path: string,
  volumes: Set<string>,
  allNames: Set<string>,
  errs: Errs,
): void {
  const containers = getObjectArray(spec, key, path, errs);
  if (key === 'containers' && containers.length === 0) {
    errs.push(fieldError.required(path, ''));
    return;
  }
  containers.forEach((ctr, i) => {
    if (ctr) validateContainer(ctr, `${path}[${i}]`, volumes, allNames, errs);
  });
}

function validateContainer(
  ctr: JsonObject,
  path: string,
  volumes: Set<string>,
  allNames: Set<string>,
  errs: Errs,
): void {
  const name = getString(ctr, 'name', `${path}.name`, errs) ?? '';
  if (!name) errs.push(fieldError.required(`${path}.name`, ''));
  else {
    for (const msg of isDNS1123Label(name))
      errs.push(fieldError.invalid(`${path}.name`, name, msg));
    if (allNames.has(name)) errs.push(fieldError.duplicate(`${path}.name`, name));
    allNames.add(name);
  }
  const image = getString(ctr, 'image', `${path}.image`, errs) ?? '';
  if (!image) errs.push(fieldError.required(`${path}.image`, ''));
  else if (image !== image.trim())
    errs.push(
      fieldError.invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'),
    );
  const policy = getString(ctr, 'imagePullPolicy', `${path}.imagePullPolicy`, errs) ?? '';
  if (!policy) errs.push(fieldError.required(`${path}.imagePullPolicy`, ''));
  else if (!PULL_POLICIES.includes(policy))
    errs.push(fieldError.notSupported(`${path}.imagePullPolicy`, policy, PULL_POLICIES));
  const tmp =
    getString(ctr, 'terminationMessagePolicy', `${path}.terminationMessagePolicy`, errs) ?? '';
  if (!tmp) errs.push(fieldError.required(`${path}.terminationMessagePolicy`, ''));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp))
    errs.push(
      fieldError.notSupported(
        `${path}.terminationMessagePolicy`,
        tmp,
        TERMINATION_MESSAGE_POLICIES,
      ),
    );
  validateContainerPorts(ctr, `${path}.ports`, errs);
  validateEnv(ctr, `${path}.env`, errs);
  validateResourceRequirements(
    getObject(ctr, 'resources', `${path}.resources`, errs),
    `${path}.resources`,
    errs,
  );
  getObjectArray(ctr, 'volumeMounts', `${path}.volumeMounts`, errs).forEach((mnt, i) => {
    if (!mnt) return;
    const p = `${path}.volumeMounts[${i}]`;
    const mntName = getString(mnt, 'name', `${p}.name`, errs) ?? '';
    if (!mntName) errs.push(fieldError.required(`${p}.name`, ''));
    else if (!volumes.has(mntName)) errs.push(fieldError.notFound(`${p}.name`, mntName));
    if (!getString(mnt, 'mountPath', `${p}.mountPath`, errs))
      errs.push(fieldError.required(`${p}.mountPath`, ''));
  });
}

function validateContainerPorts(ctr: JsonObject, path: string, errs: Errs): void {
  const names = new Set<string>();
  getObjectArray(ctr, 'ports', path, errs).forEach((port, i) => {
    if (!port) return;
    const p = `${path}[${i}]`;
    const name = getString(port, 'name', `${p}.name`, errs) ?? '';
    if (name) {
      for (const msg of isValidPortName(name))
        errs.push(fieldError.invalid(`${p}.name`, name, msg));
      if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      names.add(name);
    }
    const containerPort = getInt(port, 'containerPort', `${p}.containerPort`, errs) ?? 0;
    if (containerPort === 0) errs.push(fieldError.required(`${p}.containerPort`, ''));
    else
      for (const msg of isValidPortNum(containerPort))
        errs.push(fieldError.invalid(`${p}.containerPort`, containerPort, msg));
    const hostPort = getInt(port, 'hostPort', `${p}.hostPort`, errs) ?? 0;
    if (hostPort !== 0)
      for (const msg of isValidPortNum(hostPort))
        errs.push(fieldError.invalid(`${p}.hostPort`, hostPort, msg));
    validateProtocol(port, `${p}.protocol`, errs);
  });
}

export function validateProtocol(port: JsonObject, path: string, errs: Errs): void {
  const protocol = getString(port, 'protocol', path, errs) ?? '';
  if (!protocol) errs.push(fieldError.required(path, ''));
  else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol))
    errs.push(fieldError.notSupported(path, protocol, SUPPORTED_PORT_PROTOCOLS));
}

function validateEnv(ctr: JsonObject, path: string, errs: Errs): void {
  getObjectArray(ctr, 'env', path, errs).forEach((env, i) => {
    if (!env) return;
    const p = `${path}[${i}]`;
    const name = getString(env, 'name', `${p}.name`, errs) ?? '';
    if (!name) errs.push(fieldError.required(`${p}.name`, ''));
    else if (!new RegExp(`^${ENV_VAR_NAME_FMT}$`).test(name))
      errs.push(
        fieldError.invalid(
          `${p}.name`,
          name,
          regexError(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
            ENV_VAR_NAME_FMT,
            'my.env-name',
            'MY_ENV.NAME',
            'MyEnvName1',
          ),
        ),
      );
    const value = getString(env, 'value', `${p}.value`, errs) ?? '';
    const valueFrom = getObject(env, 'valueFrom', `${p}.valueFrom`, errs);
    if (value && valueFrom)
      errs.push(
        fieldError.invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'),
      );
  });
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

function isHugePages(name: string): boolean {
  return name.startsWith('hugepages-');
}

/** Extended resources (example.com/gpu) may not be overcommitted: requests must equal limits. */
function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePages(name);
}

function validateResourceName(name: string, path: string, errs: Errs): void {
  for (const msg of isQualifiedName(name)) errs.push(fieldError.invalid(path, name, msg));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.includes(name) && !isHugePages(name))
      errs.push(fieldError.invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && name.startsWith('requests.')) {
    errs.push(fieldError.invalid(path, name, "doesn't follow extended resource name standard"));
  }
}

/** Reads a ResourceList; unparsable quantities are decode errors. */
export function readResourceList(
  list: JsonObject | undefined,
  path: string,
  errs: Errs,
): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (raw === undefined || raw === null) continue;
    const p = `${path}[${name}]`;
    if (typeof raw !== 'string' && typeof raw !== 'number') {
      errs.push(fieldError.typeInvalid(p, raw, 'quantities must be a string or a number'));
      continue;
    }
    const q = parseQuantityExact(raw);
    if ('error' in q) errs.push(fieldError.typeInvalid(p, raw, q.error));
    else out.set(name, q);
  }
  return out;
}

/** ValidateResourceRequirements: names, non-negative values, and requests <= limits. */
export function validateResourceRequirements(
  resources: JsonObject | undefined,
  path: string,
  errs: Errs,
): void {
  if (!resources) return;
  const limPath = `${path}.limits`;
  const reqPath = `${path}.requests`;
  const limits = readResourceList(getObject(resources, 'limits', limPath, errs), limPath, errs);
  const requests = readResourceList(getObject(resources, 'requests', reqPath, errs), reqPath, errs);
  const checkValue = (name: string, q: Quantity, p: string): void => {
    validateResourceName(name, p, errs);
    if (q.mantissa < 0n)
      errs.push(fieldError.invalid(p, formatQuantity(q), 'must be greater than or equal to 0'));
    if (!isNativeResource(name) && q.scale < 0)
      errs.push(fieldError.invalid(p, formatQuantity(q), 'must be an integer'));
  };
  for (const [name, q] of limits) checkValue(name, q, `${limPath}[${name}]`);
  for (const [name, q] of requests) {
    checkValue(name, q, `${reqPath}[${name}]`);
    const limit = limits.get(name);
    if (limit) {
      const cmp = compareQuantities(q, limit);
      if (cmp !== 0 && !isOvercommitAllowed(name))
        errs.push(
          fieldError.invalid(
            reqPath,
            formatQuantity(q),
            `must be equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
      else if (cmp > 0)
        errs.push(
          fieldError.invalid(
            reqPath,
            formatQuantity(q),
            `must be less than or equal to ${name} limit of ${formatQuantity(limit)}`,
          ),
        );
    } else if (!isOvercommitAllowed(name)) {
      errs.push(fieldError.required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
}
