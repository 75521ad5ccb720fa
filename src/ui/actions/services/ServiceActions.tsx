import type { KubeObject } from '../../../engine/index.ts';
import { useView } from '../../store.ts';
import { Expose } from './Expose.tsx';
import { SendRequest } from './SendRequest.tsx';

const EMPTY: KubeObject[] = [];

/** Services: put one in front of a Deployment's pods, then send it requests. */
export function ServiceActions() {
  const deployments = useView((s) => s.snapshot?.deployments ?? EMPTY);
  const services = useView((s) => s.snapshot?.services ?? EMPTY);
  return (
    <div className="action-group">
      <Expose deployments={deployments} />
      <SendRequest services={services.filter((s) => s.metadata.name !== 'kubernetes')} />
      <p className="hint">
        Requests are simulated: a pod answers when something listens on the target port, and the
        reply names the pod that served it.
      </p>
    </div>
  );
}
