/**
 * Runs in a worker thread (see pipe-reader.ts): blocks in poll() on a pipe's write end until the
 * kernel reports that no reader is left, then says so once and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';

// WASI is the only way Node offers to call poll() on a descriptor; loading it warns that it is
// experimental, which would reach the user's stderr on our behalf.
const emitWarning = process.emitWarning;
process.emitWarning = () => undefined;
const { WASI } = await import('node:wasi');
process.emitWarning = emitWarning;

/** A module that only imports WASI's poll_oneoff and exports it with a memory to pass it data in. */
function pollModule(): Uint8Array {
  const name = (text: string) => [text.length, ...Buffer.from(text)];
  const section = (id: number, body: number[]) => [id, body.length, ...body];
  const i32 = 0x7f;
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 4, i32, i32, i32, i32, 1, i32]),
    ...section(2, [1, ...name('wasi_snapshot_preview1'), ...name('poll_oneoff'), 0x00, 0]),
    ...section(5, [1, 0x00, 1]),
    ...section(7, [2, ...name('memory'), 0x02, 0, ...name('poll_oneoff'), 0x00, 0]),
  ]);
}

// Offsets in WASI preview1's subscription (48 bytes) and event (32 bytes) records.
const SUBSCRIPTIONS = 0;
const SUBSCRIPTION_SIZE = 48;
const EVENTS = 128;
const EVENT_SIZE = 32;
const EVENT_COUNT = 256;
const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_READ = 1;
const CLOCK_MONOTONIC = 1;
const EVENTRWFLAGS_HANGUP = 1;
/** The poll wakes this often so that the thread can be stopped when the process exits. */
const WAKE_NS = 100_000_000n;

// The part of WebAssembly's JS API used here (the project's type libraries do not declare it).
interface PollInstance {
  exports: { memory: { buffer: ArrayBuffer }; poll_oneoff(input: number, output: number, subscriptions: number, events: number): number };
}
const { Module, Instance } = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => PollInstance } }).WebAssembly;

const wasi = new WASI({ version: 'preview1', returnOnExit: true });
const instance = new Instance(new Module(pollModule()), wasi.getImportObject());
wasi.initialize(instance);
const memory = new DataView(instance.exports.memory.buffer);

// Waiting to read from a write end: Linux never reports it readable, only the error condition
// that the last reader has closed (coreutils' `tail -f` watches for the same).
memory.setUint8(SUBSCRIPTIONS + 8, EVENTTYPE_FD_READ);
memory.setUint32(SUBSCRIPTIONS + 16, workerData as number, true);
// A blocked thread would hold up the process's exit: the poll also ends after WAKE_NS.
const clock = SUBSCRIPTIONS + SUBSCRIPTION_SIZE;
memory.setUint8(clock + 8, EVENTTYPE_CLOCK);
memory.setUint32(clock + 16, CLOCK_MONOTONIC, true);
memory.setBigUint64(clock + 24, WAKE_NS, true);

for (;;) {
  if (instance.exports.poll_oneoff(SUBSCRIPTIONS, EVENTS, 2, EVENT_COUNT) !== 0) break;
  const events = Array.from({ length: memory.getUint32(EVENT_COUNT, true) }, (_, i) => EVENTS + i * EVENT_SIZE);
  const onPipe = events.find((e) => memory.getUint8(e + 10) === EVENTTYPE_FD_READ);
  if (onPipe === undefined) continue;
  // Anything but an error or hang-up (a descriptor also open for reading) proves nothing: the
  // worker ends without a word and writes find out as before.
  if (memory.getUint16(onPipe + 8, true) !== 0 || (memory.getUint16(onPipe + 24, true) & EVENTRWFLAGS_HANGUP) !== 0) parentPort!.postMessage('gone');
  break;
}
