// A loopback port nothing listens on (at the moment of asking): for "nothing answers there" and for choosing a port
// a test must know before the process that binds it starts.
import { createServer } from 'node:net';

export async function unusedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
