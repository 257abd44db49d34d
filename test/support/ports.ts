// A loopback port nothing listens on (at the moment of asking): for "nothing answers there" and for choosing a port
// a test must know before the process that binds it starts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export async function unusedLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Linux hands out ports from ip_local_port_range for listen(0) and for outgoing connections; a port below it is
// only ever taken by someone who asks for it by number.
function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 2048 ? first : 32768;
  } catch {
    return 32768;
  }
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free loopback port chosen at random below the ephemeral range (for servers that must keep one port across restarts). */
export async function unusedPortBelowEphemeralRange(): Promise<number> {
  const top = ephemeralRangeStart();
  const bottom = Math.max(1024, top - 12_000);
  for (let tries = 0; tries < 50; tries += 1) {
    const port = bottom + Math.floor(Math.random() * (top - bottom));
    if (await canListen(port)) return port;
  }
  return unusedLoopbackPort();
}
