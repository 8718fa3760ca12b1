import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { BIN, ROOT, tempDir } from "../helpers.js";

/**
 * Which files of the bundle a command loads: a module hook (registered with `--import`) writes
 * every loaded file URL to a log. Text found only in zod's code tells whether the validator came in.
 */
async function loadedBy(args: string[]): Promise<{ stdout: string; files: string[] }> {
	const dir = await tempDir();
	const log = join(dir, "loaded.txt");
	const hooks = join(dir, "hooks.mjs");
	await writeFile(
		hooks,
		`import { appendFileSync } from "node:fs";
export async function load(url, context, next) {
	if (url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, url + "\\n");
	return next(url, context);
}`,
	);
	const preload = join(dir, "preload.mjs");
	await writeFile(preload, `import { register } from "node:module"; register(${JSON.stringify(`file://${hooks}`)});`);
	await writeFile(log, "");
	const stdout = await new Promise<string>((resolve, reject) => {
		const child = spawn(process.execPath, ["--import", preload, BIN, ...args], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", HOME: dir, LANG: "C" },
		});
		let out = "";
		child.stdout.on("data", (d) => (out += d));
		child.on("error", reject);
		child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
	});
	const files = (await readFile(log, "utf8")).split("\n").filter((u) => u !== "" && !u.endsWith("preload.mjs"));
	return { stdout, files };
}

/**
 * Text found only in a library's bundled code: zod's error class's name; undici's HTTP parser (llhttp,
 * WebAssembly) called by its export names.
 */
const MARKERS = { zod: "ZodError", undici: "llhttp_execute" } as const;

/** Which of the libraries these files hold. */
async function librariesIn(files: string[]): Promise<(keyof typeof MARKERS)[]> {
	const texts = await Promise.all(files.map((f) => readFile(fileURLToPath(f), "utf8")));
	return (Object.keys(MARKERS) as (keyof typeof MARKERS)[]).filter((lib) => texts.some((t) => t.includes(MARKERS[lib])));
}

describe("start-up: a command loads only what it needs", () => {
	it("--version prints the package's version and loads neither the validator nor the commands", async () => {
		const pkg = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
		const { stdout, files } = await loadedBy(["--version"]);
		assert.equal(stdout, `${pkg.version}\n`);
		assert.ok(files.length > 0, "the hook saw no file: the check itself is broken");
		assert.deepEqual(await librariesIn(files), [], `loaded: ${files.join(", ")}`);
		assert.ok(files.length <= 3, `loaded: ${files.join(", ")}`);
	});

	for (const args of [["--help"], ["get", "--help"], ["--lang", "ja", "redownload", "--help"], ["config", "--help"]]) {
		it(`${args.join(" ")} prints the help and loads neither the validator nor undici (the actions load them)`, async () => {
			const { stdout, files } = await loadedBy(args);
			assert.match(stdout, /civitai-dl/);
			assert.deepEqual(await librariesIn(files), [], `loaded: ${files.join(", ")}`);
		});
	}

	it("the check can fail: a command that runs (config show) loads both", async () => {
		const { stdout, files } = await loadedBy(["config", "show"]);
		assert.match(stdout, /api_key/);
		assert.deepEqual(await librariesIn(files), ["zod", "undici"]);
	});
});
