import assert from "node:assert/strict";
import type { FileHandle } from "node:fs/promises";
import fsp, { chmod, lstat, readdir, readFile, readlink, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { WriteError } from "../../src/errors.js";
import { type AtomicFs, writeFileAtomic } from "../../src/platform/atomic-write.js";
import { tempDir } from "../helpers.js";

/** FileHandle.write as the writer calls it: a buffer, an offset, a length, a position. */
type Write = (buf: Uint8Array, offset: number, length: number, position: number) => Promise<{ bytesWritten: number }>;
type WriteArgs = Parameters<Write>;

/** The real file system, with each opened handle's `write` (and `sync`) replaced by what a test wants. */
function fsWith(over: {
	write?: (real: Write, call: number, args: WriteArgs) => Promise<{ bytesWritten: number }>;
	sync?: () => Promise<void>;
}): AtomicFs {
	let calls = 0;
	return {
		...fsp,
		open: (async (...a: Parameters<typeof fsp.open>) => {
			const fh: FileHandle = await fsp.open(...a);
			const real: Write = (buf, offset, length, position) => fh.write(buf, offset, length, position);
			return new Proxy(fh, {
				get(target, key) {
					if (key === "write" && over.write) return (...args: WriteArgs) => over.write!(real, ++calls, args);
					if (key === "sync" && over.sync) return over.sync;
					const v = Reflect.get(target, key);
					return typeof v === "function" ? v.bind(target) : v;
				},
			});
		}) as typeof fsp.open,
	};
}

/** A write(2) that takes at most `n` bytes of what it is given. */
const takesAtMost =
	(n: number) =>
	(real: Write, _call: number, [buf, offset, length, position]: WriteArgs) =>
		real(buf, offset, Math.min(n, length), position);

const errno = (code: string) => Object.assign(new Error(`${code}: simulated`), { code, syscall: "write" });

const DATA = Buffer.from(Array.from({ length: 10_000 }, (_, i) => i % 251));

async function withOld(name = "file.csv") {
	const dir = await tempDir();
	const path = join(dir, name);
	await writeFile(path, "the old contents\n");
	return { dir, path };
}

describe("writeFileAtomic: the whole file or nothing", () => {
	it("a write(2) that takes only part is continued until every byte is in (short writes)", async () => {
		const { dir, path } = await withOld();
		let calls = 0;
		await writeFileAtomic(path, DATA, {
			fs: fsWith({
				write: (real, call, args) => {
					calls = call;
					return takesAtMost(777)(real, call, args);
				},
			}),
		});
		assert.deepEqual(await readFile(path), DATA);
		assert.equal(calls, Math.ceil(DATA.length / 777));
		assert.deepEqual(await readdir(dir), ["file.csv"], "no temporary file left");
	});

	for (const [code, refusal, words] of [
		["ENOSPC", "full", /the disk is full/],
		["EDQUOT", "full", /quota/],
		["EFBIG", "too_big", /larger than that file system allows/],
	] as const) {
		it(`${code} after part of the bytes: the old file is kept, the temporary removed, a WriteError says so`, async () => {
			const { dir, path } = await withOld();
			const fs = fsWith({ write: (real, call, args) => (call === 1 ? takesAtMost(4096)(real, call, args) : Promise.reject(errno(code))) });
			await assert.rejects(writeFileAtomic(path, DATA, { fs }), (e: unknown) => {
				assert.ok(e instanceof WriteError, String(e));
				assert.equal(e.refusal, refusal);
				assert.equal(e.path, path);
				assert.equal((e.cause as NodeJS.ErrnoException).code, code);
				assert.match(e.message, words);
				assert.match(e.message, /Nothing was replaced: the file there before, if any, is unchanged/);
				return true;
			});
			assert.equal(await readFile(path, "utf8"), "the old contents\n");
			assert.deepEqual(await readdir(dir), ["file.csv"]);
		});
	}

	it("a write that takes nothing is a full disk, not an endless loop", async () => {
		const { path } = await withOld();
		const fs = fsWith({ write: async () => ({ bytesWritten: 0 }) });
		await assert.rejects(writeFileAtomic(path, DATA, { fs }), (e: unknown) => e instanceof WriteError && e.refusal === "full");
		assert.equal(await readFile(path, "utf8"), "the old contents\n");
	});

	it("a new file that cannot be written whole is not created at all", async () => {
		const dir = await tempDir();
		const fs = fsWith({ write: (real, call, args) => (call === 1 ? takesAtMost(10)(real, call, args) : Promise.reject(errno("ENOSPC"))) });
		await assert.rejects(writeFileAtomic(join(dir, "new.json"), DATA, { fs }), WriteError);
		assert.deepEqual(await readdir(dir), []);
	});

	it("a file system that cannot sync (EINVAL) still gets the file; a sync that fails (EIO) keeps the old one", async () => {
		const { path } = await withOld();
		await writeFileAtomic(path, DATA, { fs: fsWith({ sync: () => Promise.reject(errno("EINVAL")) }) });
		assert.deepEqual(await readFile(path), DATA);
		await assert.rejects(writeFileAtomic(path, "other", { fs: fsWith({ sync: () => Promise.reject(errno("EIO")) }) }), { code: "EIO" });
		assert.deepEqual(await readFile(path), DATA);
	});

	it("the temporary name is taken exclusively: one someone holds (even a link) is never written through", async () => {
		const { dir, path } = await withOld();
		const victim = join(dir, "victim");
		await writeFile(victim, "precious");
		let first = true;
		const fs: AtomicFs = {
			...fsp,
			open: (async (p: string, flags: number, mode: number) => {
				if (first) {
					first = false;
					await symlink(victim, p); // planted under the very name chosen
				}
				return fsp.open(p, flags, mode);
			}) as typeof fsp.open,
		};
		await writeFileAtomic(path, "new", { fs });
		assert.equal(await readFile(path, "utf8"), "new");
		assert.equal(await readFile(victim, "utf8"), "precious");
	});

	it("the longest name a file system takes (255 bytes) still gets a temporary name beside it", async () => {
		const dir = await tempDir();
		const path = join(dir, `${"名".repeat(80)}.civitai.info`); // 240 + 13 bytes
		await writeFileAtomic(path, "{}");
		assert.equal(await readFile(path, "utf8"), "{}");
	});

	it("a mode given is the file's exactly; without one, the replaced file's mode is kept", {
		skip: process.platform === "win32",
	}, async () => {
		const { path } = await withOld();
		await writeFileAtomic(path, "secret", { mode: 0o600 });
		assert.equal((await stat(path)).mode & 0o777, 0o600);
		await chmod(path, 0o640);
		await writeFileAtomic(path, "again");
		assert.equal((await stat(path)).mode & 0o777, 0o640);
	});
});

describe("writeFileAtomic: never through a symlink at the name", { skip: process.platform === "win32" }, () => {
	it("a link to a file: refused (WriteError link), the file it names and the link untouched", async () => {
		const { dir, path: victim } = await withOld("bashrc");
		const link = join(dir, "a.civitai.info");
		await symlink(victim, link);
		await assert.rejects(writeFileAtomic(link, "{}"), (e: unknown) => {
			assert.ok(e instanceof WriteError);
			assert.equal(e.refusal, "link");
			assert.match(e.message, /is a symbolic link, and civitai-dl never writes through one/);
			return true;
		});
		assert.equal(await readFile(victim, "utf8"), "the old contents\n");
		assert.equal(await readlink(link), victim);
		assert.deepEqual((await readdir(dir)).sort(), ["a.civitai.info", "bashrc"]);
	});

	it("a dangling link: refused, nothing created where it points", async () => {
		const dir = await tempDir();
		const link = join(dir, "a.json");
		await symlink(join(dir, "planted"), link);
		await assert.rejects(writeFileAtomic(link, "{}"), WriteError);
		await assert.rejects(lstat(join(dir, "planted")), { code: "ENOENT" });
	});

	it("links: follow (the user's own history or config behind a link): the file it names is replaced, the link stays", async () => {
		const { dir, path: real } = await withOld("history.csv");
		const link = join(dir, "download_history.csv");
		await symlink(real, link);
		await writeFileAtomic(link, "new rows\n", { links: "follow" });
		assert.equal(await readFile(real, "utf8"), "new rows\n");
		assert.ok((await lstat(link)).isSymbolicLink());
	});
});
