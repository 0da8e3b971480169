// Preloaded by a test: reports on stderr each Kafka request the process sends and the connection it
// goes on ("REQUEST <connection> <api key>"), and for Metadata whether it asks for every topic
// (Metadata up to v8 is not flexible: a topic array of length -1 is every topic).
const net = require('node:net');
const connections = new WeakMap();
let opened = 0;
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (chunk, ...rest) {
  if (Buffer.isBuffer(chunk) && chunk.length >= 14 && chunk.readInt32BE(0) === chunk.length - 4) {
    if (!connections.has(this)) connections.set(this, ++opened);
    const apiKey = chunk.readInt16BE(4);
    const version = chunk.readInt16BE(6);
    let line = `REQUEST ${connections.get(this)} ${apiKey}`;
    if (apiKey === 3 && version <= 8) {
      const clientIdLength = chunk.readInt16BE(12);
      const topics = chunk.readInt32BE(14 + Math.max(clientIdLength, 0));
      line += topics === -1 ? ' every-topic' : ` topics=${topics}`;
    }
    process.stderr.write(`${line}\n`);
  }
  return write.call(this, chunk, ...rest);
};
