/**
 * Who the edge trusts when the web app is on, derived from config alone (no
 * cdktf: the local chain bakes its edge config with the same rule).
 *
 * The web app's client is made by the edge stack after the distribution (its
 * callback is the distribution's URL), so the edge config, baked before the
 * distribution, cannot list it without a cycle (distribution -> edge version
 * -> config -> client -> distribution). For a pool this project creates,
 * every app client is made by this project's Terraform, so the edge trusts
 * any client of that pool (`clientIds: null`, edge/config.ts). A brought
 * pool (`existing.userPool`) may hold other apps' clients: it stays on the
 * listed ids, and no web client is made.
 */
import type { Config } from '../config/schema';

/** A pool of ours with the web app on: the edge trusts every app client of it. */
export function trustsWholePool(config: Config): boolean {
  return config.edge.webApp && config.existing.userPool === null;
}

/** The custom domain's aliases a browser can open (wildcards are not hosts), in config order. */
export function customDomainHosts(config: Config): string[] {
  return (config.edge.customDomain?.aliases ?? []).filter((a) => !a.startsWith('*.'));
}
