/** kube-proxy (iptables mode): the component, its rule table as data, and iptables-save. */
export {
  kubeProxy,
  KUBE_PROXY_CREDENTIALS,
  type KubeProxyConfig,
  type KubeProxyState,
} from './kubeProxy.ts';
export {
  chainSplit,
  findChain,
  ruleComment,
  type Chain,
  type Match,
  type Rule,
  type RuleTable,
} from './ruleTable.ts';
export { iptablesSave, renderRule, kernelProbability } from './iptablesSave.ts';
export { routePacket, type Packet, type PacketResult, type Verdict } from './packetPath.ts';
export { syncProxyRules, computeProbability, DEFAULT_PROXIER_OPTIONS } from './syncProxyRules.ts';
export { servicePortInfos, type ServicePortInfo } from './serviceInfo.ts';
export * from './chainNames.ts';
