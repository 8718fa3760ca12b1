import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";

/**
 * A real exFAT file system for a test: a small image made with `mkfs.exfat`, attached to a loop device
 * and mounted through FUSE (`mount.exfat-fuse`), as an external drive formatted on Windows or macOS is.
 * Needs Linux, root, /dev/fuse and Debian's `exfatprogs` and `exfat-fuse` (`.ci/run` installs them).
 */

function run(cmd: string, args: string[]): string {
	return execFileSync(cmd, args, { stdio: "pipe", encoding: "utf8" }).trim();
}

function has(cmd: string): boolean {
	try {
		execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "pipe", env: { PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin` } });
		return true;
	} catch {
		return false;
	}
}

const PATH = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;

/** Why an exFAT image cannot be mounted here; null when it can be tried. */
export function exfatUnavailable(): string | null {
	if (process.platform !== "linux") return `an exFAT image on a loop device needs Linux (this is ${process.platform})`;
	if (process.getuid?.() !== 0) return "mounting an exFAT image needs root, and this test runs as another user";
	if (!has("mkfs.exfat")) return "mkfs.exfat is missing (Debian: apt-get install exfatprogs)";
	if (!has("mount.exfat-fuse")) return "mount.exfat-fuse is missing (Debian: apt-get install exfat-fuse)";
	if (!has("losetup")) return "losetup is missing (util-linux)";
	try {
		execFileSync("test", ["-c", "/dev/fuse"]);
	} catch {
		return "/dev/fuse is not there: FUSE is not available";
	}
	return null;
}

/** A mounted exFAT file system of `sizeMiB`; its mount point, or the reason it could not be made. */
export async function mountExfat(sizeMiB: number): Promise<{ dir: string; unmount: () => Promise<void> } | { why: string }> {
	const why = exfatUnavailable();
	if (why) return { why };
	const work = await mkdtemp(join(tmpdir(), "civitai-dl-exfat-"));
	const image = join(work, "exfat.img");
	const dir = join(work, "mnt");
	let device: string | undefined;
	let mounted = false;
	const unmount = async () => {
		if (mounted) {
			// FUSE may be busy for a moment after the last file closes
			for (let i = 0; ; i++) {
				try {
					execFileSync("umount", [dir], { stdio: "pipe" });
					break;
				} catch (e) {
					if (i >= 20) throw e;
					await new Promise((r) => setTimeout(r, 100));
				}
			}
			mounted = false;
		}
		if (device) {
			execFileSync("losetup", ["-d", device], { stdio: "pipe", env: { ...process.env, PATH } });
			device = undefined;
		}
		await rm(work, { recursive: true, force: true });
	};
	try {
		run("truncate", ["-s", `${sizeMiB}M`, image]);
		execFileSync("mkfs.exfat", [image], { stdio: "pipe", env: { ...process.env, PATH } });
		device = execFileSync("losetup", ["-f", "--show", image], { stdio: "pipe", encoding: "utf8", env: { ...process.env, PATH } }).trim();
		run("mkdir", [dir]);
		execFileSync("mount.exfat-fuse", [device, dir], { stdio: "pipe", env: { ...process.env, PATH } });
		mounted = true;
		return { dir, unmount };
	} catch (e) {
		const reason = String((e as { stderr?: Buffer | string }).stderr ?? e).trim();
		await unmount().catch(() => {});
		return { why: `an exFAT image could not be mounted: ${reason}` };
	}
}

/** An exFAT mount for this test (unmounted and detached after it, even when it fails); undefined when the test was skipped. */
export async function exfatFor(t: TestContext, sizeMiB = 32): Promise<string | undefined> {
	const m = await mountExfat(sizeMiB);
	if ("why" in m) {
		t.skip(m.why);
		return undefined;
	}
	t.after(m.unmount);
	return m.dir;
}
