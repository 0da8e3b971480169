import { createServer, type Socket } from 'node:net';

/** A local socket that accepts connections and never answers: an unresponsive "broker" on 127.0.0.1. */
export async function blackHole(): Promise<{ address: string; connected: Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let firstConnection: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (firstConnection = resolve));
  const server = createServer((socket) => {
    firstConnection();
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    /** Resolves when the first client has connected. */
    connected,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
