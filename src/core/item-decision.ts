/**
 * What to do with one item given what is on disk and in the history. Pure: the engine gathers the
 * facts (a file's size, whether the history records its path, whether its hash matches) and asks
 * again with each new fact until the answer is final. Resuming from a partial is the transfer's business.
 */

/** Before asking the network: a history row that names its file and size. */
export interface RowFacts {
	/** `--force`, or a row from a verify failed list (the file there is broken). */
	force: boolean;
	/** `--output` or `--type` moves the file elsewhere: the recorded path says nothing. */
	relocated: boolean;
	rowPath: string | undefined;
	recordedSize: number | undefined;
	/** Size of the file at `rowPath`; undefined when there is none (or no row path). */
	sizeOnDisk: number | undefined;
	/** The history's latest row for `rowPath` names this row's file (not another's that took the path later, nor none). */
	rowOwnsPath: boolean;
}

/** Skip without any request when the recorded file is there with its recorded size. */
export function skipByRow(f: RowFacts): boolean {
	if (f.force || f.relocated || !f.rowPath || f.recordedSize === undefined || !f.rowOwnsPath) return false;
	return f.sizeOnDisk === f.recordedSize;
}

/** Once resolved and placed: the file at the final path, against what the API says. */
export interface PlacedFacts {
	force: boolean;
	dryRun: boolean;
	/** The item came from a history or failed-list row (it is recorded already). */
	fromRow: boolean;
	sizeOnDisk: number | undefined;
	expectedSize: number | undefined;
	/**
	 * Whether the history vouches for the file at this path: its latest row for the path is this
	 * version and file, with the API's SHA-256; undefined until asked.
	 */
	recorded?: boolean | undefined;
	/**
	 * Whether the file there is civitai-dl's to replace: the history has a row for the path (asked
	 * with `recorded`). A file it has none for is the user's own, never replaced without --force.
	 */
	ours?: boolean | undefined;
	/** Whether the file's SHA-256 is the API's (true when the API gives none); undefined until asked. */
	hashMatches?: boolean | undefined;
}

/**
 * skip: the file is there. record: the file is there but was never recorded (a run killed between
 * the rename and its history row, or put there by hand): write its row, then skip. download: get it
 * (replacing a file of ours, or with --force). elsewhere: a file that is not ours (no history row
 * for the path) and not this one is there: it stays, and the download takes another name.
 * A size that matches is not enough: the history must vouch for the file, or its hash must match
 * (another model's file of the same name and size is not this one).
 * ask_recorded / ask_hash: the fact is needed before deciding.
 */
export type PlacedDecision = "skip" | "record" | "download" | "elsewhere" | "ask_recorded" | "ask_hash";

export function decidePlaced(f: PlacedFacts): PlacedDecision {
	if (f.force || f.sizeOnDisk === undefined) return "download";
	if (f.expectedSize !== undefined && f.sizeOnDisk !== f.expectedSize) {
		if (f.ours === undefined) return "ask_recorded";
		return f.ours ? "download" : "elsewhere";
	}
	if (f.dryRun) return "skip";
	if (f.recorded === undefined || f.ours === undefined) return "ask_recorded";
	if (f.recorded) return "skip";
	if (f.hashMatches === undefined) return "ask_hash";
	if (!f.hashMatches) return f.ours ? "download" : "elsewhere";
	return f.fromRow ? "skip" : "record";
}
