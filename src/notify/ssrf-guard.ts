/**
 * Keeps webhooks from becoming a way into our own network (SSRF). A subscriber chooses the URL,
 * so before every request we check that it is https, carries no credentials and that EVERY
 * address its host resolves to is public unicast. The check runs again at connect time through
 * `guardedLookup`, which hands the socket only the addresses it has just validated: a host that
 * resolves to a public address when checked and to 127.0.0.1 a moment later (DNS rebinding)
 * still cannot reach 127.0.0.1.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { DomainError } from '../domain/errors.ts';
import type { NotifySettings } from './settings.ts';

export type GuardSettings = Pick<NotifySettings, 'webhookAllowPrivate' | 'webhookAllowHttp'>;

/** Resolves a host name to all its addresses (dns.lookup, as sockets do). Replaceable in tests. */
export type Resolver = (hostname: string) => Promise<dns.LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

function refused(reason: string): DomainError {
  return new DomainError('WEBHOOK_URL_REFUSED', reason);
}

/** IPv6 ranges that carry an IPv4 address in their last 32 bits. */
const EMBEDS_IPV4_TAIL = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

/**
 * ipaddr.js's range name, except that IPv6 forms carrying an IPv4 address (mapped, NAT64, 6to4)
 * are judged by the address they carry. Only 'unicast' is public.
 */
export function addressRange(address: string): string {
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  let carried: ipaddr.IPv4 | null = null;
  if (EMBEDS_IPV4_TAIL.has(range)) {
    const b = v6.toByteArray();
    carried = new ipaddr.IPv4(b.slice(12, 16));
  } else if (range === '6to4') {
    const b = v6.toByteArray();
    carried = new ipaddr.IPv4(b.slice(2, 6));
  }
  if (!carried) return range;
  const inner = carried.range();
  return inner === 'unicast' ? 'unicast' : `${range} of ${inner}`;
}

/** Null when the address is public unicast, otherwise why it is not. */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = addressRange(address);
  return range === 'unicast' ? null : `${address} is ${range}`;
}

/** Resolves `hostname` and checks every address; throws WEBHOOK_URL_REFUSED if any is not allowed. */
export async function resolveChecked(hostname: string, settings: GuardSettings, resolve: Resolver = systemResolver): Promise<dns.LookupAddress[]> {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  let addresses: dns.LookupAddress[];
  if (ipaddr.isValid(bare)) {
    addresses = [{ address: bare, family: ipaddr.parse(bare).kind() === 'ipv4' ? 4 : 6 }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch (error) {
      throw refused(`${bare} does not resolve (${(error as { code?: string }).code ?? (error as Error).message})`);
    }
    if (addresses.length === 0) throw refused(`${bare} does not resolve`);
  }
  if (!settings.webhookAllowPrivate) {
    for (const { address } of addresses) {
      const reason = nonPublicReason(address);
      if (reason) throw refused(`${bare} resolves to ${reason}, not a public address`);
    }
  }
  return addresses;
}

/**
 * Checks a webhook URL: parseable, https (http only with webhookAllowHttp), no user or password,
 * and every resolved address public (unless webhookAllowPrivate). Returns the parsed URL and the
 * addresses it resolved to.
 */
export async function checkWebhookUrl(
  url: string,
  settings: GuardSettings,
  resolve: Resolver = systemResolver,
): Promise<{ url: URL; addresses: dns.LookupAddress[] }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refused('not a valid absolute URL');
  }
  if (parsed.protocol === 'http:') {
    if (!settings.webhookAllowHttp) throw refused('webhook URLs must use https');
  } else if (parsed.protocol !== 'https:') {
    throw refused(`scheme ${parsed.protocol} is not allowed; use https`);
  }
  if (parsed.username || parsed.password) throw refused('credentials in the URL are not allowed; authenticate with the signature instead');
  if (!parsed.hostname) throw refused('the URL has no host');
  const addresses = await resolveChecked(parsed.hostname, settings, resolve);
  return { url: parsed, addresses };
}

/**
 * A `lookup` for http(s).request: resolves, refuses the connection if any address is not
 * allowed, and gives the socket exactly the addresses it validated. (Node does not call lookup
 * for IP-literal hosts; checkWebhookUrl has already judged those, and a literal cannot change.)
 */
export function guardedLookup(settings: GuardSettings, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveChecked(hostname, settings, resolve).then(
      (addresses) => {
        const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
        const usable = family ? addresses.filter((a) => a.family === family) : addresses;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`${hostname} has no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, usable);
        } else {
          callback(null, usable[0]!.address, usable[0]!.family);
        }
      },
      (error: DomainError) => callback(error, '', 0),
    );
  };
}
