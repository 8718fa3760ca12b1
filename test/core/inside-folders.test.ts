import assert from "node:assert/strict";
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileInFolder, insideAny, printable } from "../../src/core/inside-folders.js";
import { realPathOf } from "../../src/download/real-path.js";
import { tempDir } from "../helpers.js";

describe("inside a download folder (paths already resolved through symlinks)", () => {
	const folders = ["/models/lora", "/models/checkpoint"];
	const cases: [string, string, boolean][] = [
		["the folder itself", "/models/lora", true],
		["a file in it", "/models/lora/a.safetensors", true],
		["a subfolder", "/models/lora/styles/x", true],
		["the other folder", "/models/checkpoint/sd", true],
		["`..` climbing out", "/models/lora/../../home/u/.ssh", false],
		["`..` climbing into a sibling folder that is a download folder", "/models/lora/../checkpoint", true],
		["`..` to the parent", "/models/lora/..", false],
		["absolute, outside", "/home/u/.ssh/authorized_keys", false],
		["the prefix trick", "/models/lora-evil/x", false],
		["a folder named like `..` but not it", "/models/lora/..x", true],
		["the root", "/", false],
		["a symlinked folder pointing outside (as resolved)", "/home/u/.ssh", false],
	];
	for (const [name, path, want] of cases) it(name, () => assert.equal(insideAny(path, folders), want));
	it("no folders: nothing is inside", () => assert.equal(insideAny("/models/lora/a", []), false));
});

describe("where a path really is", () => {
	it("a symlinked folder inside a download folder that points outside resolves outside", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "models/lora"), { recursive: true });
		await mkdir(join(dir, "outside"));
		await symlink(join(dir, "outside"), join(dir, "models/lora/link"));
		const real = await realPathOf(join(dir, "models/lora/link/not/yet"));
		const realOutside = await realPathOf(join(dir, "outside"));
		assert.equal(real, join(realOutside!, "not/yet"));
		assert.equal(insideAny(real!, [(await realPathOf(join(dir, "models/lora")))!]), false);
	});

	it("a download folder that is itself a symlink counts where it points", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "disk/lora"), { recursive: true });
		await symlink(join(dir, "disk"), join(dir, "models"));
		const folder = (await realPathOf(join(dir, "models/lora")))!;
		assert.equal(insideAny((await realPathOf(join(dir, "disk/lora/new/a")))!, [folder]), true);
	});

	it("a path not there yet: its deepest existing ancestor, then the rest", async () => {
		const dir = await tempDir();
		const real = (await realPathOf(dir))!;
		assert.equal(await realPathOf(join(dir, "a/b/../c")), join(real, "a/c"));
	});
});

describe("printable text from someone else's file", () => {
	it("control characters and bidirectional overrides become ?", () => {
		assert.equal(printable("/tmp/a\u001b[31m\nb\u202e"), "/tmp/a?[31m?b?");
	});
});

describe("a server-named file in a folder (issue 25, finding 1)", () => {
	const cases: [string, string, string][] = [
		["a plain name", "a.safetensors", "/lib/lora/a.safetensors"],
		["climbing with ..", "../../victim/authorized_keys", "/lib/lora/authorized_keys"],
		["climbing into a new folder", "../../../newdir/sub/evil.safetensors", "/lib/lora/evil.safetensors"],
		["backslashes", "..\\..\\x.bin", "/lib/lora/x.bin"],
		["an absolute path", "/etc/passwd", "/lib/lora/passwd"],
		["only dots", "..", "/lib/lora/fallback.bin"],
	];
	for (const [name, given, want] of cases) it(name, () => assert.equal(fileInFolder("/lib/lora", given, "fallback.bin"), want));
});
