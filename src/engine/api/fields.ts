/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses them (`spec.nodeName=node-1,
 * status.phase!=Running`) and as the apiserver checks them per kind (the field label conversion
 * funcs registered in pkg/apis/<group>/<version>/conversion.go) and evaluates them (each
 * registry strategy's ToSelectableFields). Kubernetes v1.30.
 */
import type { KubeObject } from './objects.ts';

export interface FieldRequirement {
  readonly field: string;
  /** `==` parses to `=` (hasTerm); `!=` is notHasTerm. */
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** AND of requirements, in the order ParseSelector sorts the terms. */
export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  readonly nothing?: true;
}

export type FieldSelectorResult =
  { ok: true; selector: FieldSelector } | { ok: false; error: string };

export const everythingFields: FieldSelector = Object.freeze({ requirements: Object.freeze([]) });
export const nothingFields: FieldSelector = Object.freeze({
  requirements: Object.freeze([]),
  nothing: true,
});

type Fields = Record<string, string>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): string => (typeof v === 'number' ? String(Math.trunc(v)) : '0');
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

interface KindFields {
  /** Labels the conversion func accepts (others are rejected with `reject`). */
  accepted: readonly string[];
  /** Old names the conversion func rewrites (Pod `spec.host` -> `spec.nodeName`). */
  aliases?: Record<string, string>;
  reject: (label: string) => string;
  /** The strategy's selectable fields besides metadata.name / metadata.namespace. */
  fields: (o: KubeObject) => Fields;
  clusterScoped?: boolean;
}

/** pkg/apis/core/v1/conversion.go wording. */
const coreReject = (label: string): string => `field label not supported: ${label}`;
/** runtime.DefaultMetaV1FieldSelectorConversion, for kinds that register no conversion. */
const defaultReject = (label: string): string =>
  `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
const META = ['metadata.name', 'metadata.namespace'] as const;

export const FIELD_SELECTORS: Readonly<Record<string, KindFields>> = {
  Pod: {
    accepted: [
      ...META,
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
    aliases: { 'spec.host': 'spec.nodeName' },
    reject: coreReject,
    fields: (o) => {
      const spec = obj(o.spec);
      const status = obj(o.status);
      const podIPs = Array.isArray(status.podIPs) ? status.podIPs : [];
      return {
        'spec.nodeName': str(spec.nodeName),
        'spec.restartPolicy': str(spec.restartPolicy),
        'spec.schedulerName': str(spec.schedulerName),
        'spec.serviceAccountName': str(spec.serviceAccountName),
        'spec.hostNetwork': spec.hostNetwork === true ? 'true' : 'false',
        'status.phase': str(status.phase),
        // The strategy reads podIPs[0], not status.podIP.
        'status.podIP': str(obj(podIPs[0]).ip),
        'status.nominatedNodeName': str(status.nominatedNodeName),
      };
    },
  },
  Node: {
    accepted: ['metadata.name', 'spec.unschedulable'],
    reject: coreReject,
    clusterScoped: true,
    fields: (o) => ({
      'spec.unschedulable': obj(o.spec).unschedulable === true ? 'true' : 'false',
    }),
  },
  Namespace: {
    accepted: ['status.phase', 'metadata.name'],
    reject: coreReject,
    clusterScoped: true,
    fields: (o) => ({ 'status.phase': str(obj(o.status).phase) }),
  },
  Event: {
    accepted: [
      ...META,
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
    reject: coreReject,
    fields: (o) => {
      const io = obj(o.involvedObject);
      const source = str(obj(o.source).component) || str(o.reportingComponent);
      const fs: Fields = { reason: str(o.reason), reportingComponent: str(o.reportingComponent) };
      for (const k of [
        'kind',
        'namespace',
        'name',
        'uid',
        'apiVersion',
        'resourceVersion',
        'fieldPath',
      ])
        fs[`involvedObject.${k}`] = str(io[k]);
      return { ...fs, source, type: str(o.type) };
    },
  },
  Secret: {
    accepted: ['type', ...META],
    reject: coreReject,
    fields: (o) => ({ type: str(o.type) }),
  },
  ReplicationController: {
    accepted: [...META, 'status.replicas'],
    reject: coreReject,
    fields: (o) => ({ 'status.replicas': int(obj(o.status).replicas) }),
  },
  ReplicaSet: {
    accepted: [...META, 'status.replicas'],
    reject: defaultReject,
    fields: (o) => ({ 'status.replicas': int(obj(o.status).replicas) }),
  },
  Job: {
    accepted: [...META, 'status.successful'],
    reject: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
    // The label says "successful"; the strategy reads status.succeeded.
    fields: (o) => ({ 'status.successful': int(obj(o.status).succeeded) }),
  },
};

const CLUSTER_SCOPED = new Set([
  'Node',
  'Namespace',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
]);

const DEFAULT_KIND: KindFields = { accepted: META, reject: defaultReject, fields: () => ({}) };

/** fields.UnescapeValue. */
function unescapeValue(s: string): { ok: true; value: string } | { ok: false; error: string } {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=')
        return { ok: false, error: `invalid field selector: invalid escape sequence: \\${c}` };
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=')
      // Go prints the rune with %v: its code point number.
      return {
        ok: false,
        error: `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      };
    else out += c;
  }
  if (inSlash) return { ok: false, error: 'invalid field selector: invalid escape sequence: \\' };
  return { ok: true, value: out };
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.splitTerms: split on commas not escaped by a backslash. */
function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

/**
 * fields.ParseSelector followed by the kind's field label conversion, as the apiserver runs
 * them for `?fieldSelector=`; either error becomes a 400 BadRequest with this message.
 */
export function parseFieldSelector(text: string, kind: string): FieldSelectorResult {
  const rules = FIELD_SELECTORS[kind] ?? DEFAULT_KIND;
  const terms = splitTerms(text).sort();
  const parsed: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const m = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!m) return { ok: false, error: `invalid selector: '${text}'; can't understand '${term}'` };
    const value = unescapeValue(m[3] ?? '');
    if (!value.ok) return value;
    parsed.push({ field: m[1] ?? '', operator: m[2] === '!=' ? '!=' : '=', value: value.value });
  }
  const requirements: FieldRequirement[] = [];
  for (const r of parsed) {
    const field = rules.aliases?.[r.field] ?? r.field;
    if (!rules.accepted.includes(r.field) && field === r.field)
      return { ok: false, error: rules.reject(r.field) };
    requirements.push({ ...r, field });
  }
  return { ok: true, selector: { requirements } };
}

/** The selectable fields of an object (its registry strategy's ToSelectableFields). */
export function fieldsOf(o: KubeObject): Fields {
  const rules = FIELD_SELECTORS[o.kind] ?? DEFAULT_KIND;
  // Each kind's `fields` builds a new set: add the metadata fields to it rather than copy it.
  const fields = rules.fields(o);
  fields['metadata.name'] = o.metadata.name ?? '';
  if (!(rules.clusterScoped ?? CLUSTER_SCOPED.has(o.kind)))
    fields['metadata.namespace'] = o.metadata.namespace ?? '';
  return fields;
}

/** Matches a field set: a missing field reads as "" (fields.Set.Get). */
function matchesFieldSet(selector: FieldSelector, fields: Fields): boolean {
  if (selector.nothing) return false;
  for (const r of selector.requirements) {
    const value = fields[r.field] ?? '';
    if (r.operator === '=' ? value !== r.value : value === r.value) return false;
  }
  return true;
}

/** Matches an object; `fieldsFor` may hand out field sets it built before (the apiserver's memo). */
export function matchesFields(
  selector: FieldSelector,
  o: KubeObject,
  fieldsFor: (o: KubeObject) => Fields = fieldsOf,
): boolean {
  // Most watches select no fields: answer without building the object's field set.
  if (selector.requirements.length === 0) return !selector.nothing;
  return matchesFieldSet(selector, fieldsFor(o));
}

/** Selector.String(): `field=value` / `field!=value`, values escaped, comma-joined. */
export function fieldSelectorToString(selector: FieldSelector): string {
  if (selector.nothing) return '';
  return selector.requirements
    .map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`)
    .join(',');
}

/** RequiresExactMatch: the value a selector pins a field to (the cacher's nodeName index). */
export function fieldRequiresExactMatch(
  selector: FieldSelector,
  field: string,
): string | undefined {
  return selector.requirements.find((r) => r.field === field && r.operator === '=')?.value;
}
