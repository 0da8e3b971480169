import { fstatSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Aborts once the process reading the pipe on `fd` has gone (`kafka console-consumer … | head -1`
 * after its line). Node only learns that on its next write, and a consumer of a quiet topic may not
 * write for hours, so a worker thread asks the kernel (pipe-reader-worker.ts). Never aborts when
 * `fd` is not a pipe: a terminal or file has no reader to lose.
 */
export function pipeReaderGone(fd: number): AbortSignal {
  const gone = new AbortController();
  let isPipe = false;
  try {
    isPipe = fstatSync(fd).isFIFO();
  } catch {
    // A closed descriptor: the first write reports it.
  }
  if (!isPipe) return gone.signal;
  const worker = new Worker(new URL('./pipe-reader-worker.js', import.meta.url), { workerData: fd, stdout: true, stderr: true });
  worker.on('message', () => gone.abort());
  worker.on('error', () => undefined);
  // The worker sits in a blocking call: it must neither keep the process alive nor be waited for.
  // After the listeners: a 'message' listener refs the worker's port again.
  worker.unref();
  return gone.signal;
}
