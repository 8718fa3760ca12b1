// The command-line tool as one file: loading one bundle instead of a few hundred modules saves about
// a third of the start-up time (measured: `--version` 0.41 s → 0.27 s). The library stays unbundled in dist/.
import { chmod } from "node:fs/promises";
import { build } from "esbuild";

const outfile = new URL("../dist/civitai-dl.mjs", import.meta.url).pathname;
await build({
	entryPoints: [new URL("../src/cli/bin.ts", import.meta.url).pathname],
	outfile,
	bundle: true,
	platform: "node",
	format: "esm",
	target: "node20",
	minify: true,
	legalComments: "linked",
	// CommonJS dependencies call require() and read __filename: give the ES module both
	banner: {
		js: [
			"import { createRequire as __cdlRequire } from 'node:module';",
			"import { fileURLToPath as __cdlPath } from 'node:url';",
			"const require = __cdlRequire(import.meta.url);",
			"const __filename = __cdlPath(import.meta.url);",
			"import { dirname as __cdlDirname } from 'node:path';",
			"const __dirname = __cdlDirname(__filename);",
		].join(" "),
	},
	logLevel: "warning",
});
await chmod(outfile, 0o755);
