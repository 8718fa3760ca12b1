import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { USER_AGENT, VERSION } from "../../src/version.js";
import { ROOT } from "../helpers.js";

/** The install the README offers is one that works today: civitai-dl is not on the npm registry. */
describe("install words", () => {
	it("the README installs from a clone or the packed tarball, not from the registry", async () => {
		const readme = await readFile(join(ROOT, "README.md"), "utf8");
		const start = readme.indexOf("\n## Install and real use\n");
		assert.ok(start >= 0);
		const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
		assert.doesNotMatch(
			section,
			/npm install -g civitai-dl(\s|$)/,
			"the package is not published: `npm install -g civitai-dl` fails with E404",
		);
		assert.match(section, /npm link/);
		assert.match(section, /npm pack/);
		assert.match(section, /npm install -g \.\/civitai-dl-\*\.tgz/);
	});

	it("the User-Agent names the project and its version without a link to a page that does not exist", () => {
		assert.ok(USER_AGENT.startsWith(`civitai-dl/${VERSION}`));
		assert.doesNotMatch(USER_AGENT, /https?:|npmjs/);
	});

	it("npm ci says nothing about install scripts: every dependency that has one is approved or denied in allowScripts", async () => {
		// npm 11 skips a dependency's install scripts unless package.json's allowScripts names it, and ends
		// `npm ci` with a warning listing the ones it skipped; esbuild's postinstall only checks its binary
		const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
		const lock = JSON.parse(await readFile(join(ROOT, "package-lock.json"), "utf8")) as {
			packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
		};
		const allowed = Object.keys(pkg.allowScripts ?? {});
		const withScripts = Object.entries(lock.packages).filter(([path, p]) => path !== "" && p.hasInstallScript === true);
		assert.ok(withScripts.length > 0, "esbuild has one");
		const uncovered = withScripts
			.map(([path, p]) => ({ name: path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length), version: p.version }))
			.filter((p) => !allowed.includes(p.name) && !allowed.includes(`${p.name}@${p.version}`))
			.map((p) => p.name);
		assert.deepEqual(uncovered, [], "run `npm install-scripts deny <pkg>` (or approve) for each");
	});
});
