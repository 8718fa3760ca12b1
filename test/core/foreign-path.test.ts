import assert from "node:assert/strict";
import { posix, win32 } from "node:path";
import { describe, it } from "node:test";
import { foreignFileName, writtenOn } from "../../src/core/foreign-path.js";

describe("paths written on another system", () => {
	// each path is checked against path.win32 / path.posix: what the system that wrote it calls absolute
	const cases: [string, string, "win32" | "posix" | undefined, string | undefined, string | undefined][] = [
		// what, path, written on, the name read on Linux/macOS, the name read on Windows
		["a drive letter", "D:\\sd\\models\\Lora\\win.safetensors", "win32", "win.safetensors", undefined],
		["a drive letter, forward slashes", "D:/sd/models/Lora/win.safetensors", "win32", "win.safetensors", undefined],
		["a long path", "\\\\?\\D:\\sd\\models\\Lora\\long.safetensors", "win32", "long.safetensors", undefined],
		["a long UNC path", "\\\\?\\UNC\\nas\\models\\Lora\\unc.safetensors", "win32", "unc.safetensors", undefined],
		["a share", "\\\\nas\\models\\Lora\\share.safetensors", "win32", "share.safetensors", undefined],
		["a device path", "\\\\.\\D:\\models\\dev.safetensors", "win32", "dev.safetensors", undefined],
		["Japanese names", "C:\\Users\\太郎\\モデル\\夜桜.safetensors", "win32", "夜桜.safetensors", undefined],
		["Linux", "/home/me/models/Lora/linux.safetensors", "posix", undefined, "linux.safetensors"],
		["macOS", "/Users/me/Models/Lora/mac.safetensors", "posix", undefined, "mac.safetensors"],
		["a backslash in a Linux name", "/home/me/a\\b.safetensors", "posix", undefined, "a\\b.safetensors"],
		["relative", "models/x.safetensors", undefined, undefined, undefined],
		["empty", "", undefined, undefined, undefined],
	];
	for (const [what, path, family, onPosix, onWindows] of cases) {
		it(what, () => {
			assert.equal(writtenOn(path), family);
			assert.equal(foreignFileName(path, "posix"), onPosix);
			assert.equal(foreignFileName(path, "win32"), onWindows);
			// agrees with the system's own idea of an absolute path
			if (family === "win32") assert.ok(win32.isAbsolute(path) && !posix.isAbsolute(path.replace(/^\//, "x")));
			if (family === "posix") assert.ok(posix.isAbsolute(path));
		});
	}
	it("the name is the one path.win32 gives", () => {
		const p = "E:\\AI\\stable-diffusion-webui\\models\\Stable-diffusion\\dreamshaper_8.safetensors";
		assert.equal(foreignFileName(p, "posix"), win32.basename(p));
	});
});
