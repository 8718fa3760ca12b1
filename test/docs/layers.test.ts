import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

/** Relative imports of every .ts file in a src/ folder: [file, specifier]. */
function relativeImports(folder: string): [string, string][] {
	const dir = join("src", folder);
	return readdirSync(dir)
		.filter((f) => f.endsWith(".ts"))
		.flatMap((f) => {
			const text = readFileSync(join(dir, f), "utf8");
			return [...text.matchAll(/^(?:import|export)[^;]*?from "(\.[^"]+)"/gms)].map((m): [string, string] => [`${folder}/${f}`, m[1]!]);
		});
}

describe("layers point one way", () => {
	it("core/ imports only core/ and errors.ts", () => {
		const up = relativeImports("core").filter(([, s]) => !/^\.\/[\w-]+\.js$/.test(s) && s !== "../errors.js");
		assert.deepEqual(up, []);
	});
	it("platform/ imports only platform/, the pure core/ and errors.ts", () => {
		const up = relativeImports("platform").filter(
			([, s]) => !/^\.\/[\w-]+\.js$/.test(s) && !/^\.\.\/core\/[\w-]+\.js$/.test(s) && s !== "../errors.js",
		);
		assert.deepEqual(up, []);
	});
	it("the bottom layer stays at the bottom: errors.ts imports only i18n/msg.ts and i18n/en.ts, which import nothing else of ours", () => {
		const errors = [...readFileSync("src/errors.ts", "utf8").matchAll(/from "(\.[^"]+)"/g)].map((m) => m[1]);
		assert.deepEqual([...new Set(errors)].sort(), ["./i18n/en.js", "./i18n/msg.js"]);
		const i18n = relativeImports("i18n").filter(([f]) => f === "i18n/msg.ts" || f === "i18n/en.ts");
		assert.deepEqual(
			i18n.filter(([, s]) => s !== "./en.js"),
			[],
		);
	});
});
