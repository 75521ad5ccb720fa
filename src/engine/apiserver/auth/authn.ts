/**
 * Authentication: who is making the request. Client certificates map their common name to the
 * user and their organizations to groups (how kubeadm wires every control-plane component);
 * bearer tokens are looked up in a static token table; no credentials is system:anonymous.
 */
import type { Credentials } from '../../api/protocol.ts';

export interface UserInfo {
  name: string;
  groups: string[];
}

/** The static token file (--token-auth-file) of the simulated cluster. */
export const STATIC_TOKENS: Readonly<Record<string, UserInfo>> = {
  'kubeviz-admin-token': { name: 'kubernetes-admin', groups: ['system:masters'] },
  'kubeviz-viewer-token': { name: 'viewer', groups: ['viewers'] },
};

export type AuthenticationResult = { ok: true; user: UserInfo } | { ok: false };

export function authenticate(credentials: Credentials | undefined): AuthenticationResult {
  if (!credentials)
    return { ok: true, user: { name: 'system:anonymous', groups: ['system:unauthenticated'] } };
  if (credentials.type === 'x509') {
    if (!credentials.commonName) return { ok: false };
    return {
      ok: true,
      user: {
        name: credentials.commonName,
        groups: [...(credentials.organizations ?? []), 'system:authenticated'],
      },
    };
  }
  const user = STATIC_TOKENS[credentials.token];
  return user
    ? { ok: true, user: { name: user.name, groups: [...user.groups, 'system:authenticated'] } }
    : { ok: false };
}

export function describeUser(user: UserInfo): string {
  return `${user.name} (groups: ${user.groups.join(', ')})`;
}
