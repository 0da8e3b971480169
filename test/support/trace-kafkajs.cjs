// Preloaded by a test: reports on stderr whenever kafkajs is loaded.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'kafkajs') process.stderr.write('TRACE: kafkajs loaded\n');
  return load.call(this, request, ...rest);
};
