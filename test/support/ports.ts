// A loopback port nothing listens on (at the moment of asking): for "nothing answers there" and for choosing a port
// a test must know before the process that binds it starts.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Bind 127.0.0.1:port (0: any the kernel picks) and let it go again: the port bound, or undefined if it was taken.
function bindAndRelease(port: number): Promise<number | undefined> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen(port, '127.0.0.1', () => {
      const bound = (server.address() as { port: number }).port;
      server.close(() => resolve(bound));
    });
  });
}

export async function unusedLoopbackPort(): Promise<number> {
  const port = await bindAndRelease(0);
  if (port === undefined) throw new Error('unusedLoopbackPort: the kernel found no free port');
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

/** A free loopback port chosen at random below the ephemeral range (for servers that must keep one port across restarts). */
export async function unusedPortBelowEphemeralRange(): Promise<number> {
  const top = ephemeralRangeStart();
  const bottom = Math.max(1024, top - 12_000);
  for (let tries = 0; tries < 50; tries += 1) {
    const port = bottom + Math.floor(Math.random() * (top - bottom));
    if ((await bindAndRelease(port)) !== undefined) return port;
  }
  return unusedLoopbackPort();
}
