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
});
