/**
 * Authorization: a small RBAC evaluator with the built-in identities' cluster roles, modelled on
 * the bootstrap policy the real apiserver installs (system:kube-scheduler, system:node, ...). The
 * roles are fixed data here rather than ClusterRole objects in etcd (see docs/fidelity.md).
 */
import type { UserInfo } from './authn.ts';

export interface Attributes {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
}

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  /** 'pods', 'pods/status', or '*' */
  resources: string[];
  resourceNames?: string[];
}

export interface ClusterRole {
  name: string;
  rules: PolicyRule[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const ALL_GROUPS = [
  '',
  'apps',
  'batch',
  'autoscaling',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'metrics.k8s.io',
];

export const CLUSTER_ROLES: Readonly<Record<string, ClusterRole>> = {
  'cluster-admin': {
    name: 'cluster-admin',
    rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
  },
  view: { name: 'view', rules: [{ verbs: READ, apiGroups: ALL_GROUPS, resources: ['*'] }] },
  'system:kube-scheduler': {
    name: 'system:kube-scheduler',
    rules: [
      {
        verbs: READ,
        apiGroups: [''],
        resources: [
          'pods',
          'nodes',
          'namespaces',
          'services',
          'persistentvolumeclaims',
          'persistentvolumes',
        ],
      },
      { verbs: READ, apiGroups: ['apps'], resources: ['replicasets', 'statefulsets'] },
      { verbs: ['create'], apiGroups: [''], resources: ['pods/binding', 'bindings'] },
      { verbs: ['patch', 'update'], apiGroups: [''], resources: ['pods/status'] },
      { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['create', 'patch', 'update'], apiGroups: [''], resources: ['events'] },
      {
        verbs: ['create', 'get', 'update'],
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
      },
    ],
  },
  // The real controller manager uses one service account per controller; it is granted the union here.
  'system:kube-controller-manager': {
    name: 'system:kube-controller-manager',
    rules: [
      { verbs: [...READ, ...WRITE, 'deletecollection'], apiGroups: ALL_GROUPS, resources: ['*'] },
    ],
  },
  'system:cloud-controller-manager': {
    name: 'system:cloud-controller-manager',
    rules: [
      {
        verbs: [...READ, 'update', 'patch', 'delete'],
        apiGroups: [''],
        resources: ['nodes', 'nodes/status'],
      },
      {
        verbs: [...READ, 'update', 'patch'],
        apiGroups: [''],
        resources: ['services', 'services/status'],
      },
      { verbs: ['create', 'patch', 'update'], apiGroups: [''], resources: ['events'] },
      {
        verbs: ['create', 'get', 'update'],
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
      },
    ],
  },
  'system:node': {
    name: 'system:node',
    rules: [
      {
        verbs: [...READ, 'create', 'update', 'patch', 'delete'],
        apiGroups: [''],
        resources: ['nodes', 'nodes/status'],
      },
      { verbs: [...READ, 'create', 'delete'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['update', 'patch'], apiGroups: [''], resources: ['pods/status'] },
      {
        verbs: READ,
        apiGroups: [''],
        resources: ['services', 'endpoints', 'configmaps', 'secrets', 'namespaces'],
      },
      { verbs: ['create', 'patch', 'update'], apiGroups: [''], resources: ['events'] },
      {
        verbs: [...READ, 'create', 'update', 'patch', 'delete'],
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
      },
    ],
  },
  'system:metrics-server': {
    name: 'system:metrics-server',
    rules: [
      { verbs: ['get'], apiGroups: [''], resources: ['nodes/metrics'] },
      { verbs: READ, apiGroups: [''], resources: ['pods', 'nodes'] },
    ],
  },
  'system:node-proxier': {
    name: 'system:node-proxier',
    rules: [
      { verbs: ['list', 'watch'], apiGroups: [''], resources: ['services', 'endpoints'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['nodes'] },
      { verbs: ['list', 'watch'], apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'] },
      { verbs: ['create', 'patch', 'update'], apiGroups: [''], resources: ['events'] },
    ],
  },
};

/** ClusterRoleBindings: which user or group holds which cluster role. */
export const CLUSTER_ROLE_BINDINGS: readonly {
  role: string;
  users?: string[];
  groups?: string[];
}[] = [
  { role: 'cluster-admin', groups: ['system:masters'] },
  { role: 'view', groups: ['viewers'] },
  { role: 'system:kube-scheduler', users: ['system:kube-scheduler'] },
  { role: 'system:kube-controller-manager', users: ['system:kube-controller-manager'] },
  { role: 'system:cloud-controller-manager', users: ['system:cloud-controller-manager'] },
  { role: 'system:node', groups: ['system:nodes'] },
  { role: 'system:node-proxier', users: ['system:kube-proxy'] },
  { role: 'system:metrics-server', users: ['system:metrics-server'] },
];

function ruleAllows(rule: PolicyRule, a: Attributes): boolean {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(a.verb);
  const groupOk = rule.apiGroups.includes('*') || rule.apiGroups.includes(a.apiGroup);
  const resourceOk =
    rule.resources.includes('*') ||
    rule.resources.includes(resource) ||
    (!a.subresource && rule.resources.includes(`${a.resource}`));
  const nameOk = !rule.resourceNames || rule.resourceNames.includes(a.name);
  return verbOk && groupOk && resourceOk && nameOk;
}

export interface AuthorizationDecision {
  allowed: boolean;
  /** For the trace: which role allowed it, or the denial text. */
  reason: string;
}

/** RBAC: allowed if any role bound to the user or one of their groups has a matching rule. */
export function authorize(user: UserInfo, a: Attributes): AuthorizationDecision {
  for (const binding of CLUSTER_ROLE_BINDINGS) {
    const bound =
      binding.users?.includes(user.name) || binding.groups?.some((g) => user.groups.includes(g));
    if (!bound) continue;
    const role = CLUSTER_ROLES[binding.role];
    if (role?.rules.some((rule) => ruleAllows(rule, a)))
      return { allowed: true, reason: `RBAC: allowed by ClusterRole "${role.name}"` };
  }
  return { allowed: false, reason: forbiddenReason(user, a) };
}

/** The sentence RBAC denials carry: `User "viewer" cannot create resource "pods" in API group "" in the namespace "default"`. */
export function forbiddenReason(user: UserInfo, a: Attributes): string {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${scope}`;
}
