import { open, stat } from "node:fs/promises";

/** Whether anything (file, folder, link target) is at `path`; an unreadable path counts as absent. */
export async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}

/**
 * Flush a file's data to the disk (`fdatasync`). Before a finished download gets its final name: the
 * history row that follows is synced too, so after a power cut no row names a file whose bytes were lost.
 */
export async function syncData(path: string): Promise<void> {
	// a read-only partial (complete from an earlier run) is renamed fine: Linux and macOS sync a handle open
	// for reading too, so it is not refused for want of write permission
	let readOnly = false;
	const fh = await open(path, "r+").catch((e: unknown) => {
		if (!READ_ONLY.has((e as NodeJS.ErrnoException).code ?? "")) throw e;
		readOnly = true;
		return open(path, "r");
	});
	try {
		await fh.datasync().catch((e: unknown) => {
			// a file system that cannot sync (some shared folders, FUSE mounts): the bytes are written, as before;
			// nor does Windows sync a handle open for reading (EPERM): that file was complete from an earlier run
			if (!cannotSync(e) && !(readOnly && READ_ONLY.has((e as NodeJS.ErrnoException).code ?? ""))) throw e;
		});
	} finally {
		await fh.close();
	}
}

const READ_ONLY = new Set(["EACCES", "EPERM"]);

/** fdatasync's answers for "this file system does not sync", unlike EIO or ENOSPC (the bytes may be lost). */
const CANNOT_SYNC = new Set(["EINVAL", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/** Whether a sync failed only because the file system does not sync (the bytes are written). */
export function cannotSync(e: unknown): boolean {
	return CANNOT_SYNC.has((e as NodeJS.ErrnoException | null)?.code ?? "");
}
