/**
 * A worker thread of the read pool (read-pool.ts): reads each step file it is sent through the input
 * registry, as `report` does in-process, and sends back what the report keeps of it (a trace's call
 * trees cut to the flame graph's or dropped, before the copy) or the error, as data.
 */
import { parentPort } from 'node:worker_threads';
import { keepForReport } from '../report/flame-tree.js';
import { toWire, type ReadReply, type ReadTask } from './read-pool.js';
import { readLog, readTrace } from './readers.js';

const port = parentPort;
if (port) {
  port.on('message', (task: ReadTask) => {
    const read = task.kind === 'trace' ? readTrace(task.path, { displayName: task.displayName, callTree: task.callTree }).then((a) => keepForReport(a, task.callTree)) : readLog(task.path, task.displayName);
    read.then(
      (value) => port.postMessage({ id: task.id, ok: true, value } satisfies ReadReply),
      (e: unknown) => port.postMessage({ id: task.id, ok: false, error: toWire(e) } satisfies ReadReply),
    );
  });
}
