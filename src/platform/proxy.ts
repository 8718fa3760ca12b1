import { Agent, type Dispatcher, EnvHttpProxyAgent } from "undici";
import type { ProxySettings } from "./proxy-env.js";

/** Timeouts of every connection civitai-dl opens: 30 s to connect, 60 s for headers, 5 min of body silence. */
export const AGENT_OPTIONS = { bodyTimeout: 300_000, headersTimeout: 60_000, connectTimeout: 30_000 } as const;

// read without undici (proxy-env.ts): the command line decides whether it needs a dispatcher before loading one
export { type ProxySettings, proxyFromEnv } from "./proxy-env.js";

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
