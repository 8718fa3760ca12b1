import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { fakeCivitai, KEY, ROOT, tempDir, writeConfig } from "../helpers.js";

/**
 * The README's first hour, as a stranger lives it: `npm run demo` in a clone with nothing built, then
 * the packed tarball installed into an empty prefix, its binary and its library used. Slow-ish (the demo
 * is about 12 s), so each step runs once and the assertions share it.
 */

const run = promisify(execFile);

// folders made in `before` hooks live until the file ends (helpers' tempDir would go with the hook)
const made: string[] = [];
after(() => Promise.all(made.map((d) => rm(d, { recursive: true, force: true }))));
async function scratch(): Promise<string> {
	const d = await mkdtemp(join(tmpdir(), "civitai-dl-newcomer-"));
	made.push(d);
	return d;
}
const npmEnv = () => ({ ...process.env, npm_config_update_notifier: "false", npm_config_loglevel: "error" });

/** The files a fresh clone has: tracked ones, and new ones git does not ignore (a work tree not yet committed). */
function cloneFiles(): string[] | null {
	const r = spawnSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: ROOT, encoding: "utf8" });
	if (r.status !== 0) return null;
	return r.stdout.split("\0").filter((f) => f !== "");
}

async function cleanClone(): Promise<string> {
	const files = cloneFiles();
	assert.ok(files, "the repository is a git work tree");
	const dir = join(await scratch(), "civitai-dl");
	for (const f of files) {
		const from = join(ROOT, f);
		if (!(await stat(from).catch(() => null))?.isFile()) continue; // deleted in the work tree
		await mkdir(dirname(join(dir, f)), { recursive: true });
		await cp(from, join(dir, f));
	}
	await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
	return dir;
}

/** `npm install` from the tarball without the network when the cache `npm ci` filled has everything. */
async function npmInstall(args: string[], cwd: string): Promise<void> {
	const base = ["install", "--no-audit", "--no-fund", ...args];
	try {
		await run("npm", ["--offline", ...base], { cwd, env: npmEnv() });
	} catch {
		await run("npm", ["--prefer-offline", ...base], { cwd, env: npmEnv(), timeout: 120_000 });
	}
}

describe("a fresh clone: npm run demo", { timeout: 120_000 }, () => {
	let clone = "";
	let demo: { code: number | null; stdout: string; stderr: string };

	before(async () => {
		clone = await cleanClone();
		assert.equal(await stat(join(clone, "dist")).catch(() => null), null, "no dist/ at the start");
		const env: Record<string, string | undefined> = { ...npmEnv(), LANG: "C" };
		delete env.CIVITAI_API_KEY;
		delete env.CIVITAI_TOKEN;
		delete env.LC_ALL;
		delete env.LC_MESSAGES;
		demo = await run("npm", ["run", "demo"], { cwd: clone, env, timeout: 100_000 }).then(
			(r) => ({ code: 0, ...r }),
			(e: { code: number | null; stdout: string; stderr: string }) => e,
		);
	});

	it("builds the bin, prints the summary 5 / 1 / 1, explains the one login failure, exits 0", () => {
		assert.equal(demo.code, 0, `${demo.stdout}\n${demo.stderr}`);
		assert.match(demo.stdout, /succeeded: 5\n\s+skipped: +1\n\s+failed: +1\n/);
		assert.match(demo.stdout, /as designed: one model needs a login/);
		assert.doesNotMatch(demo.stdout + demo.stderr, /The demo FAILED|Cannot find module/);
	});

	it("ends with a command that works in the clone as it is (npx civitai-dl; nothing named civitai-dl is on PATH)", async () => {
		const last = demo.stdout.trimEnd().split("\n").at(-1) ?? "";
		const named = /`(npx civitai-dl) get <model URL>`/.exec(last);
		assert.ok(named, `the demo's last line names npx civitai-dl: ${last}`);
		const [cmd, ...args] = named[1]!.split(" ");
		const version = (JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
		const r = await run(cmd!, [...args, "--version"], { cwd: clone, env: { ...npmEnv(), npm_config_offline: "true" } });
		assert.equal(r.stdout.trim(), version);
	});

	it("leaves the models on disk, the checkpoint whole", async () => {
		const models = join(clone, ".demo/models");
		const files = (await readdir(models, { recursive: true })).map(String).sort();
		assert.deepEqual(files.filter((f) => /\.(safetensors|pt)$/.test(f)).sort(), [
			"checkpoint/localDreamXL_v20.safetensors",
			"embedding/bad_hands.pt",
			"embedding/easynegative.safetensors",
			"lora/detail_tweaker.safetensors",
			"lora/watercolor_v3.safetensors",
			"vae/clear_vae.safetensors",
		]);
		assert.equal((await stat(join(models, "checkpoint/localDreamXL_v20.safetensors"))).size, 200 * 2 ** 20);
		assert.equal(files.filter((f) => f.endsWith(".part")).length, 0);
	});

	it("a broken bin is reported as a failure, not as the expected outcome", async () => {
		// the demo rebuilds a stale bundle; a bundle that crashes at once must not be explained away
		const bin = join(clone, "dist/civitai-dl.mjs");
		const future = new Date(Date.now() + 3_600_000);
		await writeFile(bin, "process.exit(1);\n");
		await utimes(bin, future, future);
		const r = await run("npm", ["run", "demo"], { cwd: clone, env: npmEnv(), timeout: 60_000 }).then(
			(x) => ({ code: 0, ...x }),
			(e: { code: number | null; stdout: string; stderr: string }) => e,
		);
		assert.notEqual(r.code, 0);
		assert.match(r.stdout, /The demo FAILED: civitai-dl stopped \(exit 1\) without finishing the run/);
		assert.doesNotMatch(r.stdout, /as designed/);
	});
});

describe("the packed tarball, installed into an empty prefix", { timeout: 120_000 }, () => {
	let tgz = "";
	let prefix = "";
	let version = "";
	let files: string[] = [];

	before(async () => {
		const clone = await cleanClone();
		const out = await scratch();
		// from a clone with nothing built: `npm pack` must build what it ships (prepack)
		const packed = await run("npm", ["pack", "--json", "--pack-destination", out], { cwd: clone, env: npmEnv(), timeout: 100_000 });
		const info = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
		tgz = join(out, info[0]!.filename);
		files = info[0]!.files.map((f) => f.path);
		prefix = join(out, "prefix");
		await npmInstall(["-g", "--prefix", prefix, tgz], out);
		version = (JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
	});

	const cli = (args: string[], cwd: string, env: Record<string, string> = {}) =>
		run(join(prefix, "bin", "civitai-dl"), args, {
			cwd,
			env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: cwd, LANG: "C", ...env },
		});

	it("holds the LICENSE that package.json names (MIT)", async () => {
		assert.ok(files.includes("LICENSE"), `LICENSE is in the tarball: ${files.join(", ")}`);
		const license = await readFile(join(prefix, "lib/node_modules/civitai-dl/LICENSE"), "utf8");
		assert.match(license, /^MIT License\n\nCopyright \(c\) 2026 civitai-dl contributors\n/);
		assert.equal((JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { license: string }).license, "MIT");
	});

	it("the installed civitai-dl prints its version and its help", async () => {
		const dir = await tempDir();
		assert.equal((await cli(["--version"], dir)).stdout, `${version}\n`);
		const help = await cli(["--help"], dir);
		assert.match(help.stdout, /^Usage: civitai-dl /);
		assert.match(help.stdout, /redownload/);
	});

	it("the installed civitai-dl downloads from the local Civitai", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const r = await cli(["get", "version:2000", "--no-progress"], dir, {
			CIVITAI_DL_CONFIG: config,
			CIVITAI_BASE_URL: server.baseUrl,
			CIVITAI_API_KEY: KEY,
		});
		assert.match(r.stdout, /\[1\] done lora1\.safetensors: 200 KiB, SHA-256 verified\nSummary: 1 downloaded, 0 skipped, 0 failed/);
		assert.equal((await stat(join(dir, "models/lora/lora1.safetensors"))).size, 200 * 1024);
	});

	it("a scratch ESM project imports { download, loadSettings } from the tarball and downloads through it", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		await writeFile(join(dir, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
		await npmInstall([tgz], dir);
		const config = await writeConfig(dir);
		await writeFile(
			join(dir, "use.mjs"),
			[
				'import { download, loadSettings } from "civitai-dl";',
				"const { settings } = await loadSettings({ env: process.env, cwd: process.cwd() });",
				'const summary = await download(["version:3000"], { settings });',
				"console.log(JSON.stringify({ succeeded: summary.succeeded, failed: summary.failed }));",
			].join("\n"),
		);
		const r = await run(process.execPath, ["use.mjs"], {
			cwd: dir,
			env: { PATH: process.env.PATH ?? "", HOME: dir, CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.deepEqual(JSON.parse(r.stdout), { succeeded: 1, failed: 0 });
		assert.equal((await stat(join(dir, "models/embedding/embedding1.pt"))).size, 20 * 1024);
	});
});
