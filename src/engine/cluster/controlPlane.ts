/** The control-plane components a learner can stop and start (etcd and the apiserver stay up). */
export const CONTROL_PLANE = [
  'kube-scheduler',
  'kube-controller-manager',
  'cloud-controller-manager',
] as const;
