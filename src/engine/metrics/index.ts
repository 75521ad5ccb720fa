export {
  metricsServer,
  METRICS_SERVER_CREDENTIALS,
  DEFAULT_METRIC_RESOLUTION_MS,
  type MetricsServerConfig,
  type MetricsServerState,
} from './metricsServer.ts';
export {
  loadgen,
  isLoadSet,
  spreadDemand,
  LOADGEN_CREDENTIALS,
  DEFAULT_LOAD_PERIOD_MS,
  type LoadgenConfig,
  type LoadgenState,
} from './loadgen.ts';
export {
  podMetricsOf,
  podMetricsList,
  cpuQuantity,
  goDuration,
  parseGoDuration,
  METRICS_API_VERSION,
} from './podMetrics.ts';
export * from './protocol.ts';
