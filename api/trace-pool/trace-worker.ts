/** The tracing thread's entry (piscina calls the default export once per task). */
import { runTraceTask, type TraceTask } from './trace-task.js';

export default function trace(task: TraceTask) {
  return runTraceTask(task);
}
