import { basename } from "node:path";
import type { Settings } from "../config/load.js";
import type { Category } from "../core/categories.js";
import { type FileState, fileState } from "../core/library-status.js";
import { failedLastTime, type RunLogFailure, type RunLogLine } from "../core/run-log.js";
import type { HistoryRow } from "../history/columns.js";
import { libraryEntries } from "./entries.js";
import { type KeptNewer, readKeptOutdated, readKeptVerify } from "./kept.js";
import { diskFacts } from "./on-disk.js";
import { readRunLog } from "./run-log.js";

/**
 * What the report shows (issue 29), built on the library's read model: one card per history entry
 * with what the disk, the last `verify`, the last `outdated` and the run log say of it; and the runs.
 */
export interface LibraryCard {
	/** The model's name from its `.civitai.info`, else the file's name. */
	name: string;
	fileName: string;
	version: string | null;
	/** Civitai's type (from the info), else the history's folder category. */
	type: string;
	category: Category;
	baseModel: string | null;
	/** The file's size on disk, else the recorded one (null: neither known). */
	sizeBytes: number | null;
	/** When the history recorded it (`YYYY-MM-DD HH:MM:SS`, local), "" when not recorded. */
	recordedAt: string;
	path: string | null;
	/** The preview next to it (absolute path). */
	preview: string | null;
	state: FileState;
	newer: KeptNewer["newest"] | null;
	failedLast: RunLogFailure | null;
	trainedWords: string[];
	modelId: number | null;
	versionId: number | null;
}

export interface LibraryReport {
	historyFile: string;
	cards: LibraryCard[];
	/** The run log, oldest first. */
	runs: RunLogLine[];
	/** When `verify` and `outdated` last kept their results (ISO), null: never. */
	verifiedAt: string | null;
	outdatedAt: string | null;
}

/** At most this many entries are asked of the disk at once. */
const PARALLEL = 16;

async function mapLimited<T, U>(items: readonly T[], limit: number, fn: (t: T) => Promise<U>): Promise<U[]> {
	const out: U[] = new Array(items.length);
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
	return out;
}

/** The report's data: what is known now, without hashing and without asking Civitai. */
export async function libraryReport(
	rows: readonly HistoryRow[],
	opts: { historyFile: string; downloadPaths: Settings["downloadPaths"] },
): Promise<LibraryReport> {
	const [verify, outdated, runs] = await Promise.all([
		readKeptVerify(opts.historyFile),
		readKeptOutdated(opts.historyFile),
		readRunLog(opts.historyFile),
	]);
	const failed = failedLastTime(runs);
	const entries = libraryEntries(rows, opts.downloadPaths);
	const cards = await mapLimited(entries, PARALLEL, async (e): Promise<LibraryCard> => {
		const disk = await diskFacts(e.path);
		const fileName = e.path ? basename(e.path) : basename(e.row.filename || e.row.url || "?");
		const newer = e.modelId === undefined ? undefined : outdated.models.get(e.modelId);
		const kept = e.path ? verify.files.get(e.path) : undefined;
		return {
			name: disk.info?.modelName ?? fileName,
			fileName,
			version: disk.info?.versionName ?? null,
			type: disk.info?.modelType ?? (e.row.model_type || e.category),
			category: e.category,
			baseModel: disk.info?.baseModel ?? null,
			sizeBytes: disk.file?.size ?? e.expectedSize,
			recordedAt: e.row.timestamp,
			path: e.path,
			preview: disk.preview,
			state: fileState(e.expectedSize, disk.file, kept),
			newer: newer && newer.newest.id !== e.versionId ? newer.newest : null,
			failedLast: failed.get(fileName) ?? (e.row.filename ? failed.get(e.row.filename) : undefined) ?? null,
			trainedWords: disk.info?.trainedWords ?? [],
			modelId: e.modelId ?? null,
			versionId: e.versionId ?? null,
		};
	});
	return { historyFile: opts.historyFile, cards, runs, verifiedAt: verify.checkedAt, outdatedAt: outdated.checkedAt };
}
