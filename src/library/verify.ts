import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Settings } from "../config/load.js";
import type { Sha256 } from "../core/sha256.js";
import { hashFile } from "../download/hasher.js";
import { InterruptedError } from "../errors.js";
import type { HistoryRow } from "../history/columns.js";
import { entryOf } from "./entries.js";

/** What `verify` found for one recorded file. */
export type VerifyStatus = "ok" | "missing" | "size_mismatch" | "hash_mismatch" | "no_hash";

export interface VerifyResult {
	index: number;
	name: string;
	path: string;
	status: VerifyStatus;
	expectedSize: number | null;
	actualSize: number | null;
	/** The file's change time when it was checked (null: missing): a verdict holds while it stays (`report`). */
	mtimeMs: number | null;
	expectedSha256: string | null;
	actualSha256: string | null;
	row: HistoryRow;
}

export type VerifyEvent =
	| { type: "verify_start"; total: number; bytes: number }
	| { type: "verify_progress"; index: number; total: number; name: string; bytes: number; totalBytes: number }
	| ({ type: "verify_file"; total: number } & Omit<VerifyResult, "row" | "mtimeMs">);

/** Broken means it needs downloading again; a file without a known hash is not broken. */
export function isBroken(s: VerifyStatus): boolean {
	return s === "missing" || s === "size_mismatch" || s === "hash_mismatch";
}

/**
 * Decide a file's status from what the history says and what is on disk. Pure. `actualSha256`
 * is undefined when hashing was not needed (missing, wrong size or no hash to compare with).
 */
export function classify(
	expected: { size: number | null; sha256: Sha256 | null },
	actual: { size: number | null; sha256?: Sha256 | undefined },
): VerifyStatus {
	if (actual.size === null) return "missing";
	if (expected.size !== null && expected.size !== actual.size) return "size_mismatch";
	if (expected.sha256 === null) return "no_hash";
	return actual.sha256 === expected.sha256 ? "ok" : "hash_mismatch";
}

async function statOrNull(path: string): Promise<{ size: number; mtimeMs: number } | null> {
	try {
		const s = await stat(path);
		return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
	} catch {
		return null;
	}
}

/**
 * Re-hash every recorded file (streaming, 1 MiB reads) and say what each one is. Rows without a
 * file name are left out. Progress comes as `verify_progress` events.
 */
export async function verifyRows(
	rows: readonly HistoryRow[],
	opts: { downloadPaths: Settings["downloadPaths"]; onEvent?: (e: VerifyEvent) => void; signal?: AbortSignal },
): Promise<VerifyResult[]> {
	const emit = opts.onEvent ?? (() => {});
	const items = rows.flatMap((row) => {
		const entry = entryOf(row, opts.downloadPaths);
		return entry.path === null ? [] : [{ ...entry, path: entry.path }];
	});
	const total = items.length;
	emit({ type: "verify_start", total, bytes: items.reduce((n, it) => n + (it.expectedSize ?? 0), 0) });
	const results: VerifyResult[] = [];
	for (const [i, { row, path, expectedSize, expectedSha256 }] of items.entries()) {
		if (opts.signal?.aborted) throw new InterruptedError();
		const index = i + 1;
		const name = basename(path);
		const found = await statOrNull(path);
		const actualSize = found?.size ?? null;
		let actualSha256: Sha256 | undefined;
		const needHash = actualSize !== null && expectedSha256 !== null && (expectedSize === null || expectedSize === actualSize);
		if (needHash) {
			let last = 0;
			const onBytes = (bytes: number) => {
				if (bytes - last >= 64 * 1024 * 1024 || bytes === actualSize) {
					last = bytes;
					emit({ type: "verify_progress", index, total, name, bytes, totalBytes: actualSize });
				}
			};
			actualSha256 = await hashFile(path, { onBytes, ...(opts.signal ? { signal: opts.signal } : {}) });
		}
		const status = classify({ size: expectedSize, sha256: expectedSha256 }, { size: actualSize, sha256: actualSha256 });
		const result: VerifyResult = {
			index,
			name,
			path,
			status,
			expectedSize,
			actualSize,
			mtimeMs: found?.mtimeMs ?? null,
			expectedSha256,
			actualSha256: actualSha256 ?? null,
			row,
		};
		results.push(result);
		const { row: _row, mtimeMs: _mtime, ...shown } = result;
		emit({ type: "verify_file", total, ...shown });
	}
	return results;
}

/** What `verify` found, counted from its events (the one place verify results are counted). */
export interface VerifyCounts {
	total: number;
	ok: number;
	missing: number;
	sizeMismatch: number;
	hashMismatch: number;
	noHash: number;
}

const COUNTED_AS: Record<VerifyStatus, Exclude<keyof VerifyCounts, "total">> = {
	ok: "ok",
	missing: "missing",
	size_mismatch: "sizeMismatch",
	hash_mismatch: "hashMismatch",
	no_hash: "noHash",
};

export function tallyVerify(c: VerifyCounts, e: VerifyEvent): VerifyCounts {
	if (e.type === "verify_file") {
		c.total++;
		c[COUNTED_AS[e.status]]++;
	}
	return c;
}
