/**
 * Where a preview image may come from (issue 25, finding 10): an image URL in a version's answer is
 * server text like any other. Only Civitai's image service over https, and the Civitai origins the
 * settings name (`base_url`, `red_base_url`: the user chose those, a local server among them), are
 * asked; a redirect must lead to one of these too, and never from https down to http.
 */

/** Civitai's image service (the `images[].url` of its answers: see shared/reference/civitai-api.md). */
export const CIVITAI_IMAGE_HOSTS: readonly string[] = ["image.civitai.com"];

/** Why an image URL is not asked; undefined when it may be. */
export type ImageRefusal = "host" | "downgrade";

/**
 * Whether `url` may be fetched for a preview. `origins`: the configured Civitai origins (scheme, host
 * and port must match one exactly). `from`: the URL that redirected here, if any. Pure.
 */
export function imageUrlRefusal(url: string, origins: readonly string[], from?: string): ImageRefusal | undefined {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return "host";
	}
	if (from !== undefined && new URL(from).protocol === "https:" && u.protocol !== "https:") return "downgrade";
	if (u.username !== "" || u.password !== "") return "host";
	if (u.protocol === "https:" && CIVITAI_IMAGE_HOSTS.includes(u.hostname.toLowerCase()) && (u.port === "" || u.port === "443"))
		return undefined;
	const origin = u.origin;
	return origins.some((o) => sameOrigin(o, origin)) ? undefined : "host";
}

function sameOrigin(a: string, b: string): boolean {
	try {
		return new URL(a).origin === new URL(b).origin;
	} catch {
		return false;
	}
}
