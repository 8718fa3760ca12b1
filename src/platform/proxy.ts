import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";

/** Timeouts of every connection civitai-dl opens: 30 s to connect, 60 s for headers, 5 min of body silence. */
export const AGENT_OPTIONS = { bodyTimeout: 300_000, headersTimeout: 60_000, connectTimeout: 30_000 } as const;

export interface ProxySettings {
	httpProxy: string | undefined;
	httpsProxy: string | undefined;
	noProxy: string;
}

/**
 * The proxy the environment asks for, as curl reads it: `https_proxy`/`HTTPS_PROXY` for https URLs,
 * `http_proxy`/`HTTP_PROXY` for http ones (lowercase first), `no_proxy`/`NO_PROXY` for hosts to
 * reach directly. Undefined when no proxy is set.
 */
export function proxyFromEnv(env: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
	const pick = (name: string) => env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
	const httpProxy = pick("http_proxy");
	const httpsProxy = pick("https_proxy");
	if (!httpProxy && !httpsProxy) return undefined;
	return { httpProxy, httpsProxy, noProxy: pick("no_proxy") ?? "" };
}

/** A dispatcher for these proxy settings (a plain Agent without any). The caller closes it. */
export function dispatcherFor(proxy: ProxySettings | undefined): Dispatcher {
	if (!proxy) return new Agent(AGENT_OPTIONS);
	return new EnvHttpProxyAgent({
		...AGENT_OPTIONS,
		...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
		...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
		noProxy: proxy.noProxy,
	});
}
