/**
 * Which printer serves a `kubectl get <resource>` argument: plural, singular, short name or
 * group-qualified ("deployments.apps"), as kubectl's RESTMapper and discovery resolve them.
 */
import type { ResourcePrinter } from './columns.ts';
import {
  configMapPrinter,
  endpointSlicePrinter,
  endpointsPrinter,
  leasePrinter,
  namespacePrinter,
  nodePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core.ts';
import { eventPrinter } from './events.ts';
import { hpaPrinter } from './hpa.ts';
import {
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  podPrinter,
  replicaSetPrinter,
} from './workloads.ts';

interface Entry {
  printer: ResourcePrinter;
  singular: string;
  shortNames: readonly string[];
  group: string;
}

const ENTRIES: readonly Entry[] = [
  { printer: podPrinter, singular: 'pod', shortNames: ['po'], group: '' },
  { printer: nodePrinter, singular: 'node', shortNames: ['no'], group: '' },
  { printer: servicePrinter, singular: 'service', shortNames: ['svc'], group: '' },
  { printer: endpointsPrinter, singular: 'endpoints', shortNames: ['ep'], group: '' },
  { printer: namespacePrinter, singular: 'namespace', shortNames: ['ns'], group: '' },
  { printer: eventPrinter, singular: 'event', shortNames: ['ev'], group: '' },
  { printer: configMapPrinter, singular: 'configmap', shortNames: ['cm'], group: '' },
  { printer: secretPrinter, singular: 'secret', shortNames: [], group: '' },
  { printer: serviceAccountPrinter, singular: 'serviceaccount', shortNames: ['sa'], group: '' },
  { printer: deploymentPrinter, singular: 'deployment', shortNames: ['deploy'], group: 'apps' },
  { printer: replicaSetPrinter, singular: 'replicaset', shortNames: ['rs'], group: 'apps' },
  { printer: daemonSetPrinter, singular: 'daemonset', shortNames: ['ds'], group: 'apps' },
  { printer: jobPrinter, singular: 'job', shortNames: [], group: 'batch' },
  {
    printer: hpaPrinter,
    singular: 'horizontalpodautoscaler',
    shortNames: ['hpa'],
    group: 'autoscaling',
  },
  {
    printer: endpointSlicePrinter,
    singular: 'endpointslice',
    shortNames: [],
    group: 'discovery.k8s.io',
  },
  { printer: leasePrinter, singular: 'lease', shortNames: [], group: 'coordination.k8s.io' },
];

/** The printer for a resource argument, or undefined when kubectl would not know it. */
export function findPrinter(resource: string): ResourcePrinter | undefined {
  const arg = resource.toLowerCase();
  for (const e of ENTRIES) {
    const names = [e.printer.resource, e.singular, ...e.shortNames];
    if (names.includes(arg)) return e.printer;
    if (e.group && names.some((n) => arg === `${n}.${e.group}`)) return e.printer;
  }
  return undefined;
}

export const PRINTABLE_RESOURCES: readonly string[] = ENTRIES.map((e) => e.printer.resource);
