import { parseContentRange } from "./content-range.js";

/**
 * The resume decisions of one transfer attempt, pure: what to do with the partial file before
 * asking, whether the answer fits the offset asked for, and how many body bytes to accept.
 */

/** What is at the partial path: its size, and whether it is a regular file (not a link, folder, FIFO...). */
export interface PartialState {
	size: number;
	regular: boolean;
}

export type StartDecision =
	/** Nothing usable there: start from byte 0 (no partial, or an empty one). */
	| { action: "resume"; offset: number }
	/** Remove what is there first (too long, or not a regular file), then start from byte 0. */
	| { action: "discard" }
	/** The partial already has every listed byte: hash it, no request. */
	| { action: "complete" };

export function decideStart(partial: PartialState | undefined, expectedSize: number | undefined): StartDecision {
	if (partial === undefined) return { action: "resume", offset: 0 };
	if (!partial.regular) return { action: "discard" };
	if (expectedSize !== undefined && partial.size > expectedSize) return { action: "discard" };
	if (expectedSize !== undefined && expectedSize > 0 && partial.size === expectedSize) return { action: "complete" };
	return { action: "resume", offset: partial.size };
}

export type ResponseDecision =
	/** Take this body; it starts at `offset` (0 when the server ignored the Range). */
	| { action: "accept"; offset: number }
	/** 416: our offset is past what the server has: remove the partial and ask again from 0. */
	| { action: "restart" }
	/** A 206 for some other range (or another file's size): ask again from 0, keeping nothing. */
	| { action: "reopen" };

/** Whether the answer to a request from `offset` can be appended to the partial file. */
export function decideResponse(
	offset: number,
	expectedSize: number | undefined,
	status: number,
	contentRange: string | undefined,
): ResponseDecision {
	if (status === 416) return { action: "restart" };
	if (status === 200) return { action: "accept", offset: 0 };
	if (status !== 206) return { action: "accept", offset };
	const cr = parseContentRange(contentRange);
	if (!cr || cr.start !== offset) return { action: "reopen" };
	if (expectedSize !== undefined && cr.total !== undefined && cr.total !== expectedSize) return { action: "reopen" };
	return { action: "accept", offset };
}

/**
 * A body without a size from the API or the storage is refused past this many bytes (64 GiB, far
 * above any model Civitai hosts), so an endless body cannot fill the disk. Tests pass a smaller one.
 */
export const MAX_UNSIZED_BODY_BYTES = 64 * 1024 ** 3;

/** Why a body was cut off: more than the API lists, more than its Content-Length, or past the cap. */
export type BodyLimitReason = "listed" | "length" | "cap";

/** How many body bytes (after `offset`) may arrive, and what the limit comes from. */
export function bodyLimit(
	offset: number,
	expectedSize: number | undefined,
	contentLength: string | undefined,
	maxUnsizedBytes: number,
): { room: number; reason: BodyLimitReason } {
	if (expectedSize !== undefined) return { room: expectedSize - offset, reason: "listed" };
	if (contentLength !== undefined && /^\d+$/.test(contentLength.trim())) return { room: Number(contentLength), reason: "length" };
	return { room: Math.max(0, maxUnsizedBytes - offset), reason: "cap" };
}

/**
 * Whether a partial file left by a full disk is kept for a later resume: only when the file's size
 * is known (from the API or the storage's Content-Length). A body of no known size may be an
 * endless one: its bytes cannot be told from junk, and kept they would keep the disk full.
 */
export function keepPartialOnFullDisk(reason: BodyLimitReason): boolean {
	return reason !== "cap";
}
