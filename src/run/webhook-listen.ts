// `--webhooks [HOST:]PORT` and `--webhook-url URL`, read into where the receiver listens and the base URL providers
// are told to post to. Pure.
import { RenderError } from '../common/errors.js';

export interface WebhookListen {
  /** Interface to bind (default 127.0.0.1: reachable from this machine only, unless the user says otherwise). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The public base a provider can reach (a tunnel, a proxy); default http://HOST:PORT as bound. */
  publicUrl?: string | undefined;
}

const hint = 'use --webhooks PORT or --webhooks HOST:PORT (e.g. --webhooks 0.0.0.0:8787), and --webhook-url https://your.host/base if providers reach you through a proxy or tunnel';

export function parseWebhookListen(text: string, publicUrl?: string): WebhookListen {
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65_535) throw new RenderError('USAGE', `--webhooks '${text}' is not [HOST:]PORT`, { hint });
  const host = match[1]?.replace(/^\[(.*)\]$/, '$1') ?? '127.0.0.1';
  if (publicUrl === undefined) return { host, port };
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new RenderError('USAGE', `--webhook-url '${publicUrl}' is not a URL`, { hint });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RenderError('USAGE', `--webhook-url '${publicUrl}' is not http(s)`, { hint });
  return { host, port, publicUrl: url.href.replace(/\/+$/, '') };
}
