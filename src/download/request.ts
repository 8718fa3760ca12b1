import type { Dispatcher } from "undici";
import type { Sha256 } from "../core/sha256.js";
import type { Site, Sites } from "../core/sites.js";

export interface TransferRequest {
	/** `/api/download/models/V?fileId=F` on the configured Civitai origin. */
	apiUrl: string;
	/** The Civitai site of `apiUrl`: its error answers are Civitai's. */
	site: Site;
	/** The run's Civitai sites (base, then red): the only origins that ever receive the API key. */
	sites: Sites;
	apiKey: string;
	partPath: string;
	expectedSize: number | undefined;
	slowWindowMs: number;
	speedThresholdBps: number;
	signal: AbortSignal;
	/** Kept across attempts of one item: the last signed storage URL, reused while it works. */
	session: { signedUrl?: string | undefined };
	onProgress?: (bytes: number, bytesPerSecond: number) => void;
	/** Called once the response is accepted, with the offset the body starts at. */
	onStart?: (resumeFrom: number) => void;
	/** A body with no size from the API nor a Content-Length is refused past this (default MAX_UNSIZED_BODY_BYTES). */
	maxUnsizedBytes?: number;
}

export interface TransferResult {
	bytes: number;
	/** The SHA-256 of the whole partial file. */
	sha256: Sha256;
	/** The name from Content-Disposition (filename* first), if the storage sent one. */
	dispositionName: string | undefined;
}

export type Response = Dispatcher.ResponseData & { url: string };

/** The headers every file request sends. */
export function baseHeaders(userAgent: string): Record<string, string> {
	return { "user-agent": userAgent, accept: "*/*", "accept-encoding": "identity" };
}
