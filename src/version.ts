import { readFileSync } from "node:fs";

/** The package version, read from package.json (one level above both src/ and dist/). */
export const VERSION: string = (() => {
	try {
		return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
	} catch {
		return "0.0.0";
	}
})();

/**
 * A distinctive non-browser User-Agent: Civitai treats browser-like agents differently. It names the
 * project without a link: civitai-dl is not published on a page a link could name yet.
 */
export const USER_AGENT = `civitai-dl/${VERSION} (command-line model downloader; Node.js ${process.versions.node})`;
