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

/** Every .ts file under src/ (tests aside) with its text. */
function sources(dir = "src"): [string, string][] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((d): [string, string][] => {
		const path = join(dir, d.name);
		if (d.isDirectory()) return sources(path);
		return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") ? [[path, readFileSync(path, "utf8")]] : [];
	});
}

/** The files whose code (comments left out) matches `pattern`. */
function filesWith(pattern: RegExp): string[] {
	return sources()
		.filter(([, text]) => pattern.test(text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")))
		.map(([path]) => path)
		.sort();
}

describe("one way out to the network (issue 26)", () => {
	it("one place makes an HTTP context (platform/http.ts), called by the composition roots only; one makes a dispatcher", () => {
		assert.deepEqual(filesWith(/\bopenHttp\(/), ["src/cli/main.ts", "src/platform/http.ts"]);
		assert.deepEqual(filesWith(/\bdispatcherFor\(|new (Agent|EnvHttpProxyAgent)\(/), ["src/platform/http.ts", "src/platform/proxy.ts"]);
		assert.deepEqual(filesWith(/dispatcher\.destroy\(|dispatcher\.close\(/), ["src/platform/http.ts"]);
	});
	it("one retry loop, one pacer, one deadline style: waits on the clock only there (and the lock's poll, the schedule's timer, a rename held by a scanner)", () => {
		assert.deepEqual(filesWith(/\.sleep\(/), [
			"src/cli/schedule.ts",
			"src/history/lock.ts",
			"src/platform/fs-retry.ts",
			"src/requests/pacer.ts",
			"src/requests/retry.ts",
		]);
		assert.deepEqual(filesWith(/new Pacer\(/), ["src/requests/requests.ts"]);
		assert.deepEqual(filesWith(/clock\.every\(/), ["src/download/speed-watch.ts", "src/history/lock.ts", "src/platform/http.ts"]);
	});
	it("no run state in WeakMaps, no retry ladder chosen by a message key", () => {
		assert.deepEqual(filesWith(/new WeakMap/), []);
		assert.deepEqual(
			filesWith(/errConnectionLost"|errClosedEarly"/).filter((f) => !/transfer|segmented|i18n/.test(f)),
			[],
		);
	});
});
