/**
 * A rename or unlink that fails for a moment. On Windows an antivirus scanner, the search indexer or a
 * backup client opens a new file as soon as it is closed, and until it lets go, renaming or deleting
 * it fails with EPERM, EACCES or EBUSY; a file busy on a network share fails with EBUSY anywhere.
 * Such a call is tried again after a short, growing wait, for a bounded time, as `graceful-fs` does;
 * only then does the item fail. Elsewhere EPERM and EACCES mean what they say (no permission) and fail
 * at once. Pure: the platform is a parameter.
 */

/** Whether a failed rename/unlink with `code` may work a moment later on `platform`. */
export function transientFsError(code: string | undefined, platform: NodeJS.Platform): boolean {
	if (code === "EBUSY") return true;
	return platform === "win32" && (code === "EPERM" || code === "EACCES");
}

/** Default bound of the retries: ten seconds, enough for a scan of a freshly written large file. */
export const FS_RETRY_BOUND_MS = 10_000;

/** The waits before each new try: 10 ms, doubled each time up to 1 s, summing to at most `boundMs`. */
export function fsRetryDelays(boundMs: number = FS_RETRY_BOUND_MS): number[] {
	const delays: number[] = [];
	let total = 0;
	for (let d = 10; total + Math.min(d, 1000) <= boundMs; d *= 2) {
		delays.push(Math.min(d, 1000));
		total += Math.min(d, 1000);
	}
	return delays;
}
