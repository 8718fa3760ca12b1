import contentDisposition from "content-disposition";
import { errorFromResponse, serverMessage } from "../civitai/http-errors.js";
import { parseContentRange } from "../core/content-range.js";
import { keyGoesTo } from "../core/sites.js";
import { DownloadError } from "../errors.js";
import { msg } from "../i18n/msg.js";
import { drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import type { HttpContext } from "../platform/http.js";
import type { Response, TransferRequest } from "./request.js";

/** The error a refused storage request (after its body was read) stands for. */
export function storageError(res: Response, body: string): DownloadError {
	const message = serverMessage(body, first(res.headers["content-type"]));
	const said = msg("errStorage", { host: new URL(res.url).host, status: res.statusCode, message });
	return new DownloadError(res.statusCode === 429 || res.statusCode === 503 ? "rate_limited" : "network", said, { status: res.statusCode });
}

/**
 * The error for a refused answer (4xx/5xx, read here): Civitai's own, from any of the run's Civitai origins
 * (the key went there), or the storage's.
 */
export async function refusal(res: Response, req: Pick<TransferRequest, "sites" | "apiKey">, http: HttpContext): Promise<DownloadError> {
	const body = await drain(res);
	if (keyGoesTo(req.sites, res.url)) {
		return errorFromResponse(res.statusCode, body, res.headers, http.clock.now(), req.apiKey !== "");
	}
	return storageError(res, body);
}

/** An error page, JSON or text instead of file bytes. */
export async function notAFile(res: Response): Promise<DownloadError | undefined> {
	const ct = first(res.headers["content-type"]) ?? "";
	if (!/text\/html|application\/json|text\/plain/i.test(ct)) return undefined;
	const body = await drain(res);
	const message = serverMessage(body, ct);
	if (/sign in|log ?in/i.test(body)) return new DownloadError("auth", msg("errLoginPage", { message }));
	return new DownloadError("bad_body", msg("errNotAFile", { contentType: ct.split(";")[0] ?? ct, message }));
}

/** Reject a body that is not the model: an error page, JSON, or the wrong length. */
export async function checkBody(res: Response, offset: number, expected: number | undefined): Promise<void> {
	const bad = await notAFile(res);
	if (bad) throw bad;
	if (res.statusCode !== 200 && res.statusCode !== 206) {
		await drain(res);
		throw new DownloadError("bad_body", msg("errUnexpectedStatus", { status: res.statusCode }));
	}
	const length = first(res.headers["content-length"]);
	if (expected !== undefined && length !== undefined) {
		const want = res.statusCode === 206 ? expected - offset : expected;
		if (Number(length) !== want) {
			await drain(res);
			throw new DownloadError("bad_body", msg("errLengthOffered", { offered: length, want }));
		}
	}
}

/**
 * Whether a 206 is exactly bytes `from`-`to` of a `size`-byte file; otherwise it is drained and
 * refused (`bad_body`).
 */
export async function checkRange(res: Response, from: number, to: number, size: number): Promise<void> {
	const cr = parseContentRange(first(res.headers["content-range"]));
	const length = first(res.headers["content-length"]);
	const exact =
		res.statusCode === 206 &&
		cr !== undefined &&
		cr.start === from &&
		cr.end === to &&
		(cr.total === undefined || cr.total === size) &&
		(length === undefined || Number(length) === to - from + 1);
	if (exact) return;
	await drain(res);
	throw new DownloadError("bad_body", msg("errRangeOffered", { offered: length ?? "?", from, to }));
}

export function dispositionName(res: Response): string | undefined {
	const cd = first(res.headers["content-disposition"]);
	if (!cd) return undefined;
	try {
		const name = contentDisposition.parse(cd).parameters.filename;
		return typeof name === "string" && name !== "" ? name : undefined;
	} catch {
		return undefined;
	}
}
