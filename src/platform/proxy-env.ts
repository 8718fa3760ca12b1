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
