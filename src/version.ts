import { readFileSync } from "node:fs";

/** The package version, read from package.json (one level above both src/ and dist/). */
export const VERSION: string = (() => {
	try {
		return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
	} catch {
		return "0.0.0";
	}
})();

/** A distinctive non-browser User-Agent: Civitai treats browser-like agents differently. */
export const USER_AGENT = `civitai-dl/${VERSION} (+https://www.npmjs.com/package/civitai-dl)`;
