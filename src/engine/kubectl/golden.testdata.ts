/** Expected `kubectl get` output, typed out from hand-computed column widths. */
export const pods =
  [
    'NAME             READY   STATUS             RESTARTS     AGE',
    'web-7c9d-pend1   0/1     Pending            0            45s',
    'web-7c9d-x2kqp   1/1     Running            0            5m',
    'web-7c9d-zq8lm   0/1     CrashLoopBackOff   5 (2m ago)   10m',
  ].join('\n') + '\n';

export const podsWide =
  [
    'NAME             READY   STATUS             RESTARTS     AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
    'web-7c9d-pend1   0/1     Pending            0            45s   <none>       <none>   <none>           <none>',
    'web-7c9d-x2kqp   1/1     Running            0            5m    10.244.1.5   node-1   <none>           <none>',
    'web-7c9d-zq8lm   0/1     CrashLoopBackOff   5 (2m ago)   10m   10.244.2.7   node-2   <none>           <none>',
  ].join('\n') + '\n';

export const podsAllLabels =
  [
    'NAMESPACE     NAME             READY   STATUS    RESTARTS   AGE   LABELS',
    'default       web-7c9d-x2kqp   1/1     Running   0          5m    app=web,pod-template-hash=7c9d',
    'kube-system   coredns-abc12    1/1     Running   0          25h   k8s-app=kube-dns',
  ].join('\n') + '\n';

export const nodes =
  [
    'NAME            STATUS                     ROLES           AGE   VERSION',
    'control-plane   Ready                      control-plane   3d    v1.30.0',
    'node-1          Ready,SchedulingDisabled   <none>          3d    v1.30.0',
    'node-2          NotReady                   <none>          2d    v1.30.0',
  ].join('\n') + '\n';

export const nodesWide =
  [
    'NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION     CONTAINER-RUNTIME',
    'control-plane   Ready    control-plane   3d    v1.30.0   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-45-generic   containerd://1.7.15',
  ].join('\n') + '\n';

export const deployments =
  [
    'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
    'web    2/3     3            2           10m',
    'api    0/1     0            0           45s',
  ].join('\n') + '\n';

export const deploymentsWide =
  [
    'NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES                                          SELECTOR',
    'web    2/3     3            2           10m   web          nginx:1.27                                      app=web',
    'api    0/1     0            0           45s   api,envoy    ghcr.io/example/api:v2,envoyproxy/envoy:v1.30   app=api,tier=backend',
  ].join('\n') + '\n';

export const replicasets =
  [
    'NAME         DESIRED   CURRENT   READY   AGE',
    'web-7c9d5f   3         3         2       10m',
    'web-5d8b9c   0         0         0       60m',
  ].join('\n') + '\n';

export const services =
  [
    'NAME         TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                      AGE',
    'kubernetes   ClusterIP      10.96.0.1      <none>        443/TCP                      3d',
    'web          NodePort       10.96.120.15   <none>        80:30080/TCP                 10m',
    'lb           LoadBalancer   10.96.33.7     <pending>     80:31234/TCP,443:31235/TCP   2m',
    'db           ClusterIP      None           <none>        5432/TCP                     5m',
  ].join('\n') + '\n';

export const servicesWide =
  [
    'NAME         TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                      AGE   SELECTOR',
    'kubernetes   ClusterIP      10.96.0.1      <none>        443/TCP                      3d    <none>',
    'web          NodePort       10.96.120.15   <none>        80:30080/TCP                 10m   app=web',
    'lb           LoadBalancer   10.96.33.7     <pending>     80:31234/TCP,443:31235/TCP   2m    app=web',
    'db           ClusterIP      None           <none>        5432/TCP                     5m    app=db',
  ].join('\n') + '\n';

export const endpoints =
  [
    'NAME         ENDPOINTS                                               AGE',
    'kubernetes   172.18.0.2:6443                                         3d',
    'web          10.244.1.5:80,10.244.2.7:80,10.244.1.9:80 + 1 more...   10m',
    'lb           <none>                                                  2m',
  ].join('\n') + '\n';

export const endpointslices =
  [
    'NAME        ADDRESSTYPE   PORTS     ENDPOINTS               AGE',
    'web-abc12   IPv4          80        10.244.1.5,10.244.2.7   10m',
    'empty-x1    IPv4          <unset>   <unset>                 60s',
  ].join('\n') + '\n';

export const namespaces =
  [
    'NAME          STATUS        AGE',
    'default       Active        3d',
    'kube-system   Active        3d',
    'old           Terminating   30s',
  ].join('\n') + '\n';

export const configmaps =
  [
    'NAME               DATA   AGE',
    'kube-root-ca.crt   1      3d',
    'app-config         3      5m',
  ].join('\n') + '\n';

export const secrets =
  [
    'NAME       TYPE                             DATA   AGE',
    'db-pass    Opaque                           2      5m',
    'registry   kubernetes.io/dockerconfigjson   1      60m',
  ].join('\n') + '\n';

export const serviceaccounts =
  ['NAME      SECRETS   AGE', 'default   0         3d', 'builder   1         5m'].join('\n') + '\n';

export const leases =
  [
    'NAMESPACE         NAME             HOLDER                   AGE',
    'kube-node-lease   node-1           node-1                   3d',
    'kube-system       kube-scheduler   control-plane_5f1d2c3b   3d',
  ].join('\n') + '\n';

export const daemonsets =
  [
    'NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE',
    'kube-proxy   3         3         3       3            3           kubernetes.io/os=linux   3d',
    'fluentd      2         2         1       2            1           <none>                   5m',
  ].join('\n') + '\n';

export const jobs =
  [
    'NAME         STATUS      COMPLETIONS   DURATION   AGE',
    'pi           Complete    1/1           60s        10m',
    'batch        Running     2/5           2m         2m',
    'work-queue   Suspended   0/1 of 3                 30s',
    'broken       Failed      0/1           5m         5m',
  ].join('\n') + '\n';

export const hpa =
  [
    'NAME    REFERENCE          TARGETS                                       MINPODS   MAXPODS   REPLICAS   AGE',
    'web     Deployment/web     cpu: 45%/50%                                  2         10        3          10m',
    'api     Deployment/api     memory: <unknown>/500Mi, cpu: <unknown>/80%   1         5         1          60s',
    'queue   Deployment/queue   1500m/1k, <unknown>/100 + 1 more...           <unset>   4         2          5m',
  ].join('\n') + '\n';

export const events =
  [
    'LAST SEEN   TYPE      REASON              OBJECT               MESSAGE',
    '5m          Normal    Scheduled           pod/web-7c9d-x2kqp   Successfully assigned default/web-7c9d-x2kqp to node-1',
    '20s         Warning   BackOff             pod/web-7c9d-zq8lm   Back-off restarting failed container app in pod web-7c9d-zq8lm_default(4f9a1c2e)',
    '10m         Normal    ScalingReplicaSet   deployment/web       Scaled up replica set web-7c9d5f to 3',
  ].join('\n') + '\n';

export const kubectlEvents =
  [
    'LAST SEEN           TYPE      REASON              OBJECT               MESSAGE',
    '10m                 Normal    ScalingReplicaSet   Deployment/web       Scaled up replica set web-7c9d5f to 3',
    '5m                  Normal    Scheduled           Pod/web-7c9d-x2kqp   Successfully assigned default/web-7c9d-x2kqp to node-1',
    '20s (x12 over 9m)   Warning   BackOff             Pod/web-7c9d-zq8lm   Back-off restarting failed container app in pod web-7c9d-zq8lm_default(4f9a1c2e)',
  ].join('\n') + '\n';
