/** The pod garbage collector: terminated, orphaned and unscheduled terminating pods. */
export {
  GC_CHECK_PERIOD_MS,
  QUARANTINE_MS,
  TERMINATED_POD_GC_THRESHOLD,
  podGcController,
  type PodGcState,
} from './podGcController.ts';
