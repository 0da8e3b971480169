// Preloaded by a test: says on stderr, as the process ends, whether it ended on its own or was
// ended by process.exit (which the binary calls when something still keeps it alive 0.1 s after it is done).
let forced = false;
const exit = process.exit;
process.exit = function (code) {
  forced = true;
  return exit.call(process, code);
};
process.on('exit', () => process.stderr.write(forced ? 'TRACE: ended by process.exit\n' : 'TRACE: ended on its own\n'));
