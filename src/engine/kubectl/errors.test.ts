import { describe, expect, it } from 'vitest';
import { fieldError } from '../api/fieldErrors.ts';
import { statusErrors } from '../api/status.ts';
import { formatKubectlError } from './errors.ts';

const pods = { groupResource: 'pods', group: '', resource: 'pods' };
const deployments = { groupResource: 'deployments.apps', group: 'apps', resource: 'deployments' };

describe('formatKubectlError: how kubectl prints a failed request', () => {
  it('prefixes the reason for ordinary API errors', () => {
    expect(formatKubectlError(statusErrors.notFound(pods, 'web'))).toBe(
      'Error from server (NotFound): pods "web" not found\n',
    );
    expect(formatKubectlError(statusErrors.alreadyExists(deployments, 'web'))).toBe(
      'Error from server (AlreadyExists): deployments.apps "web" already exists\n',
    );
    expect(formatKubectlError(statusErrors.conflict(deployments, 'web'))).toBe(
      'Error from server (Conflict): Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
    );
    expect(
      formatKubectlError(
        statusErrors.forbidden(
          pods,
          '',
          'User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"',
        ),
      ),
    ).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
  });

  it('tells the user to log in on Unauthorized', () => {
    expect(formatKubectlError(statusErrors.unauthorized())).toBe(
      'error: You must be logged in to the server (Unauthorized)\n',
    );
  });

  it('prints Invalid as "The <Kind> <name> is invalid" with its causes', () => {
    const one = statusErrors.invalid('Pod', '', 'Pod', 'web', [
      fieldError.required('spec.containers[0].image'),
    ]);
    expect(formatKubectlError(one)).toBe(
      'The Pod "web" is invalid: spec.containers[0].image: Required value\n',
    );
    const two = statusErrors.invalid('Deployment.apps', 'apps', 'Deployment', 'web', [
      fieldError.invalid('spec.replicas', -1, 'must be greater than or equal to 0'),
      fieldError.required('spec.selector'),
    ]);
    expect(formatKubectlError(two)).toBe(
      'The Deployment "web" is invalid: \n' +
        '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' +
        '* spec.selector: Required value\n',
    );
  });

  it('falls back to the message when an Invalid status has no details', () => {
    expect(formatKubectlError({ reason: 'Invalid', message: 'bad' })).toBe(
      'The request is invalid: bad\n',
    );
    expect(formatKubectlError({ message: 'something broke' })).toBe(
      'Error from server: something broke\n',
    );
  });
});
