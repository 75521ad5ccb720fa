import { useState } from 'react';
import type { KubeObject } from '../../../engine/index.ts';
import { useView } from '../../store.ts';
import { Field } from '../parts.tsx';
import { CreateDeployment } from './CreateDeployment.tsx';
import { CrashContainer } from './CrashContainer.tsx';
import { DeletePod } from './DeletePod.tsx';
import { Rollout } from './Rollout.tsx';
import { ScaleDeployment } from './ScaleDeployment.tsx';
import { SetImage } from './SetImage.tsx';
import { SetLoad } from './SetLoad.tsx';
import { Expose } from '../services/Expose.tsx';
import { SendRequest } from '../services/SendRequest.tsx';

const EMPTY: KubeObject[] = [];

const ACTIONS = {
  create: 'Create Deployment',
  scale: 'Scale',
  image: 'Set image (rollout)',
  rollout: 'Rollout (undo, pause)',
  expose: 'Expose (Service)',
  curl: 'Send request (curl)',
  delete: 'Delete pod',
  crash: 'Crash container',
  load: 'Load (for the HPA)',
} as const;

type Action = keyof typeof ACTIONS;

/**
 * What a learner does to Deployments, their pods and the Services in front of them: one action at
 * a time, picked from a list.
 */
export function WorkloadActions() {
  const [action, setAction] = useState<Action>('create');
  const deployments = useView((s) => s.snapshot?.deployments ?? EMPTY);
  const pods = useView((s) => s.snapshot?.pods ?? EMPTY);
  const services = useView((s) => s.snapshot?.services ?? EMPTY);
  return (
    <div className="action-group">
      <Field label="Action">
        <select
          data-testid="workload-action"
          value={action}
          onChange={(e) => setAction(e.target.value as Action)}
        >
          {Object.entries(ACTIONS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      {action === 'create' && <CreateDeployment />}
      {action === 'scale' && <ScaleDeployment deployments={deployments} />}
      {action === 'image' && <SetImage deployments={deployments} />}
      {action === 'rollout' && <Rollout deployments={deployments} />}
      {action === 'expose' && <Expose deployments={deployments} />}
      {action === 'curl' && (
        <SendRequest services={services.filter((s) => s.metadata.name !== 'kubernetes')} />
      )}
      {action === 'delete' && <DeletePod pods={pods} />}
      {action === 'crash' && <CrashContainer pods={pods} />}
      {action === 'load' && <SetLoad deployments={deployments} />}
    </div>
  );
}
