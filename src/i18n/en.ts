/**
 * English messages. Every message is one whole sentence or label with named parameters, never
 * fragments joined in code, so that the Japanese catalogue can put the words in its own order.
 */
/** Why a target was refused before any request (the wording is the catalogue's). */
export type TargetProblem =
	| { why: "empty" }
	| { why: "range" }
	| { why: "air_source"; source: string }
	| { why: "air_model" }
	| { why: "air_version" }
	| { why: "unknown_form" }
	| { why: "bad_url" }
	| { why: "host"; host: string }
	| { why: "file_id" }
	| { why: "model_id" }
	| { why: "model_version_id" }
	| { why: "version_id" }
	| { why: "path"; path: string }
	// sources (issue 28)
	| { why: "username"; name: string }
	| { why: "user_path"; path: string }
	| { why: "image_id" }
	| { why: "collections" }
	| { why: "favorites" };

/** Why an image's generation data was refused (issue 28): nothing in an image is trusted. */
export type ImageProblem =
	| { why: "too_big"; limitMiB: number }
	| { why: "unreadable"; code: string }
	| { why: "not_image" }
	| { why: "truncated" }
	| { why: "chunk_too_big"; chunk: string; bytes: number }
	| { why: "bad_crc"; chunk: string }
	| { why: "too_many_chunks"; max: number }
	| { why: "text_too_big"; key: string; limitMiB: number }
	| { why: "bad_text"; key: string }
	| { why: "json_too_deep"; key: string; max: number }
	| { why: "json_bad"; key: string }
	| { why: "too_many_entries"; key: string; max: number }
	| { why: "bad_exif" }
	| { why: "no_metadata" };

function imageProblem(p: ImageProblem): string {
	switch (p.why) {
		case "too_big":
			return `it is larger than ${p.limitMiB} MiB`;
		case "unreadable":
			return `it cannot be read (${p.code})`;
		case "not_image":
			return "it is not a PNG, JPEG or WebP image, nor a ComfyUI workflow .json";
		case "truncated":
			return "the file ends in the middle of a chunk (damaged or cut short)";
		case "chunk_too_big":
			return `its ${p.chunk} chunk claims ${p.bytes} bytes, more than civitai-dl reads (or than the file holds)`;
		case "bad_crc":
			return `its ${p.chunk} chunk fails its CRC check (damaged or forged)`;
		case "too_many_chunks":
			return `it has more than ${p.max} chunks`;
		case "text_too_big":
			return `its "${p.key}" text is larger than ${p.limitMiB} MiB`;
		case "bad_text":
			return `its "${p.key}" text cannot be decoded`;
		case "json_too_deep":
			return `its "${p.key}" JSON is nested more than ${p.max} levels deep`;
		case "json_bad":
			return `its "${p.key}" JSON is malformed`;
		case "too_many_entries":
			return `its "${p.key}" holds more than ${p.max} entries`;
		case "bad_exif":
			return "its EXIF data is malformed";
		case "no_metadata":
			return "it holds no generation data (no A1111/Forge parameters, no ComfyUI prompt or workflow, no EXIF UserComment)";
	}
}

const EXPECTED =
	"a Civitai model URL (https://civitai.com/models/ID), a download URL (/api/download/models/V), /model-versions/V, an AIR (urn:air:sdxl:lora:civitai:ID@V), model:ID, version:V, a number, user:NAME or a creator's page, favorites:, an image (a PNG, JPEG or WebP file, a workflow .json, /images/ID), or - for targets on standard input";

function targetProblem(p: TargetProblem): string {
	switch (p.why) {
		case "empty":
			return "it is empty";
		case "range":
			return "the number is out of range";
		case "air_source":
			return `the AIR source is "${p.source}", not civitai`;
		case "air_model":
			return "the AIR model id is not a number";
		case "air_version":
			return "the AIR version is not a number";
		case "unknown_form":
			return "it is not a URL, AIR or id";
		case "bad_url":
			return "it is not a valid URL";
		case "host":
			return `${p.host} is not a Civitai host`;
		case "file_id":
			return "fileId is not a number";
		case "model_id":
			return "the model id is not a number";
		case "model_version_id":
			return "modelVersionId is not a number";
		case "version_id":
			return "the version id is not a number";
		case "path":
			return `the path ${p.path} is not a model, model-version or download path`;
		case "username":
			return `"${p.name}" is not a Civitai user name (letters, digits, _ . - only)`;
		case "user_path":
			return `the path ${p.path} is not a creator's models (/user/NAME or /user/NAME/models)`;
		case "image_id":
			return "the image id is not a number";
		case "collections":
			return "Civitai's public API does not list the models of a collection (GET /api/v1/collections/ID gives its name and owner only), so civitai-dl cannot download one; give the models' own URLs";
		case "favorites":
			return "favorites: takes nothing after the colon (it is your own favorites, by your API key)";
	}
}

/** A network failure's code (the system's or undici's) in words; an unknown one as it is (issue 27, point 17). */
function netWords(code: string): string {
	switch (code) {
		case "UND_ERR_SOCKET":
		case "UND_ERR_CLOSED":
			return "the server closed the connection";
		case "ECONNRESET":
			return "the connection was reset";
		case "EPIPE":
		case "ECONNABORTED":
			return "the connection broke off";
		case "ECONNREFUSED":
			return "the connection was refused";
		case "ENOTFOUND":
			return "the host name was not found (DNS)";
		case "EAI_AGAIN":
			return "the name server did not answer (DNS)";
		case "ETIMEDOUT":
		case "UND_ERR_CONNECT_TIMEOUT":
			return "connecting took too long";
		case "UND_ERR_HEADERS_TIMEOUT":
		case "timeout":
			return "the server did not answer in time";
		case "UND_ERR_BODY_TIMEOUT":
			return "the server stopped sending";
		case "EHOSTUNREACH":
		case "ENETUNREACH":
		case "ENETDOWN":
			return "the network or the host cannot be reached";
		case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
			return "the server sent another length than it announced";
		case "EPROTO":
			return "the secure connection (TLS) failed";
		case "CERT_HAS_EXPIRED":
		case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
		case "DEPTH_ZERO_SELF_SIGNED_CERT":
		case "SELF_SIGNED_CERT_IN_CHAIN":
		case "ERR_TLS_CERT_ALTNAME_INVALID":
			return `the server's TLS certificate was not accepted (${code})`;
		default:
			return code;
	}
}

/** "a", "a and b", "a, b and c", "a, b, c and 4 more": the names a question gives. */
function listed(names: readonly string[], more: number): string {
	if (more > 0) return `${names.join(", ")} and ${more} more`;
	return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** "4.0 MiB", or "4.0 MiB + 2 of unknown size". */
const sized = (size: string, unknown: number) => `${size}${unknown > 0 ? ` + ${unknown} of unknown size` : ""}`;

/** An ISO time as a reader reads it: "2027-03-01", or "2027-03-01 15:30 UTC" when not midnight; anything else as it is. */
function dateOf(iso: string): string {
	const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(iso.trim());
	if (!m) return iso;
	return m[2] !== undefined && m[2] !== "00:00" ? `${m[1]} ${m[2]} UTC` : m[1]!;
}

const s = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const en = {
	// targets and resolution
	errTarget: (p: { input: string; problem: TargetProblem }) =>
		`Cannot use "${p.input}" as a target: ${targetProblem(p.problem)}. Expected ${EXPECTED}.`,
	errAmbiguousNumber: (p: { id: number; modelName: string; versionModelName: string }) =>
		`${p.id} is both model ${p.id} ("${p.modelName}") and version ${p.id} of "${p.versionModelName}"; write model:${p.id} or version:${p.id}.`,
	errNoSuchId: (p: { id: number }) => `No model or version with id ${p.id} on Civitai.`,
	errNotAVersionOf: (p: { versionId: number; modelId: number; modelName: string }) =>
		`Version ${p.versionId} is not a version of model ${p.modelId} (${p.modelName}).`,
	errNoPublishedVersion: (p: { modelId: number }) => `Model ${p.modelId} has no published version.`,
	errVersionUnavailable: (p: { versionId: number; mode: string }) =>
		`Version ${p.versionId} is ${p.mode} on Civitai and has no files to download.`,
	errNoSuchFile: (p: { versionId: number; fileId: number; files: string }) =>
		`Version ${p.versionId} has no file ${p.fileId} (files: ${p.files || "none"}).`,
	errNoMatchingFile: (p: { versionId: number; selector: string }) => `Version ${p.versionId} has no file matching ${p.selector}.`,
	errNoFiles: (p: { versionId: number }) => `Version ${p.versionId} has no files.`,
	errHistoryUrl: (p: { url: string }) => `The history URL "${p.url}" is not a Civitai target, and the row has no version id.`,
	errNoTarget: (p: { label: string }) => `Cannot tell what to download from "${p.label}".`,
	// HTTP answers from Civitai
	errAuth401: (p: { message: string; hint: boolean; keySent: boolean }) =>
		`Civitai refused the download (401): ${p.message}.${!p.hint ? "" : p.keySent ? " The API key was sent and refused: check that it is right and not revoked (civitai-dl doctor checks it)." : " Set an API key: CIVITAI_API_KEY, or api_key in config.json."}`,
	errEarlyAccess: (p: { message: string; until: string | null }) =>
		p.until
			? `This version is in Early Access until ${dateOf(p.until)} (403): ${p.message}`
			: `This version is in Early Access (403): ${p.message}`,
	// paid and early access (issue 15)
	errPaidAccess: (p: { message: string }) => `This version is paid access: buy it on Civitai to download it (403): ${p.message}`,
	planEarlyAccess: (p: { until: string | null }) => (p.until ? `early access until ${dateOf(p.until)}` : "early access"),
	planPaid: () => "paid",
	errForbidden: (p: { message: string }) => `Civitai denied access (403): ${p.message}`,
	errNotFound: (p: { message: string }) => `Not found on Civitai (404): ${p.message}`,
	errArchived: (p: { message: string }) => `The model is archived (410): ${p.message}`,
	errRegion: (p: { message: string }) => `Not available in your region (451): ${p.message}`,
	errQuota: (p: { message: string }) => `Civitai's daily download quota is used up (429): ${p.message}`,
	errRateLimited: (p: { message: string }) => `Rate limited by Civitai (429): ${p.message}`,
	errUnavailable: (p: { message: string }) => `Civitai is unavailable or overloaded (503): ${p.message}`,
	errGateway: (p: { status: number; message: string }) => `Gateway error from Civitai (${p.status}): ${p.message}`,
	errHttp: (p: { status: number; message: string }) => `Civitai answered ${p.status}: ${p.message}`,
	errNotJson: (p: { url: string }) => `${p.url} did not answer JSON (is --base-url a Civitai server?)`,
	errBadJson: (p: { url: string }) => `${p.url} answered malformed JSON`,
	errJsonTooBig: (p: { url: string; limitMiB: number }) =>
		`${p.url} answered more than ${p.limitMiB} MiB of JSON; civitai-dl stopped reading it (is --base-url a Civitai server?).`,
	errBadShape: (p: { url: string; field: string }) =>
		`${p.url} answered JSON that civitai-dl cannot use: "${p.field}" has the wrong type or is missing.`,
	errApiTooSlow: (p: { url: string; seconds: number }) => `${p.url} did not finish answering within ${p.seconds} s (it sends too slowly).`,
	errJsonTooDeep: (p: { url: string; max: number }) =>
		`${p.url} answered JSON nested more than ${p.max} levels deep; civitai-dl refused it (is --base-url a Civitai server?).`,
	errJsonTooMany: (p: { url: string; field: string; max: number }) =>
		`${p.url} answered more than ${p.max} entries in "${p.field}"; civitai-dl refused it (is --base-url a Civitai server?).`,
	errHugeHeader: (p: { host: string }) => `${p.host} sent response headers larger than civitai-dl accepts; refused.`,
	errKeyInRedirect: (p: { host: string }) =>
		`Refusing a redirect to ${p.host} that carries your API key in its address; the key was not sent there.`,
	// the transfer
	errCannotReach: (p: { host: string; code: string }) => `Cannot reach ${p.host}: ${netWords(p.code)}.`,
	errConnectionLost: (p: { size: string; code: string }) => `Connection lost after ${p.size}: ${netWords(p.code)}.`,
	errRedirectNoLocation: (p: { status: number; host: string }) => `Redirect ${p.status} without a Location from ${p.host}.`,
	errRedirectScheme: (p: { target: string }) => `Refusing to follow a redirect to ${p.target}.`,
	errLoginRedirect: () =>
		"Civitai redirected the download to its login page: this model needs an API key (set CIVITAI_API_KEY or api_key in the config).",
	errStorage: (p: { host: string; status: number; message: string }) => `Storage ${p.host} answered ${p.status}: ${p.message}`,
	errTooManyRedirects: (p: { max: number; url: string }) => `More than ${p.max} redirects for ${p.url}.`,
	errLoginPage: (p: { message: string }) => `Civitai sent a login page instead of the file (${p.message}): this model needs an API key.`,
	errNotAFile: (p: { contentType: string; message: string }) => `The server sent ${p.contentType} instead of the file: ${p.message}`,
	errUnexpectedStatus: (p: { status: number }) => `Unexpected answer ${p.status} for the file.`,
	errRangeOffered: (p: { offered: string; from: number; to: number }) =>
		`The server answered the request for bytes ${p.from}-${p.to} of the file with something else (${p.offered} bytes); refused.`,
	errLengthOffered: (p: { offered: string; want: number }) =>
		`The server offered ${p.offered} bytes, but Civitai lists the file as ${p.want} bytes.`,
	errSlow: (p: { thresholdKiB: number; seconds: number; rateKiB: string }) =>
		`Download speed stayed below ${p.thresholdKiB} KiB/s for ${p.seconds} s (${p.rateKiB} KiB/s).`,
	errClosedEarly: (p: { bytes: number; expected: number }) => `The connection closed at ${p.bytes} of ${p.expected} bytes.`,
	errTooLong: (p: { expected: number }) =>
		`The server sent more than the ${p.expected} bytes Civitai lists, so civitai-dl stopped and deleted the partial file.`,
	errLongerThanLength: (p: { length: number }) =>
		`The server sent more than the ${p.length} bytes it announced, so civitai-dl stopped and deleted the partial file.`,
	errBodyTooLarge: (p: { bytes: number }) =>
		`Neither Civitai nor the server gave the file's size, and it went past ${p.bytes} bytes, so civitai-dl stopped and deleted the partial file.`,
	errNoSpace: (p: { name: string; dir: string; need: string; free: string }) =>
		`Not enough free space for ${p.name} in ${p.dir}: it needs ${p.need}, and ${p.free} is free. Free some space or choose another folder (--output).`,
	errDiskFull: (p: { path: string }) => `Cannot write ${p.path}: the disk is full.`,
	errFileTooBig: (p: { path: string }) =>
		`Cannot write ${p.path}: its file system cannot hold a file this big (EFBIG). FAT32 holds files of at most 4 GiB: format the drive as exFAT or NTFS, or put this model on another disk (--output).`,
	errFat32Limit: (p: { name: string; dir: string; size: string }) =>
		`${p.name} (${p.size}) cannot go to ${p.dir}: that folder is on FAT32, which holds files of at most 4 GiB. Nothing was downloaded. Format the drive as exFAT or NTFS, or put this model on another disk (--output).`,
	errDiskFullUnsized: (p: { path: string }) =>
		`Cannot write ${p.path}: the disk is full. Neither Civitai nor the server gave the file's size, so what came cannot be resumed and was deleted, freeing that space again.`,
	errDisk: (p: { path: string; code: string }) => `Cannot write ${p.path}: ${p.code}.`,
	errDiskDenied: (p: { path: string }) =>
		`Cannot write ${p.path}: permission denied. Give your user write access to that folder, or choose another one (--output).`,
	errDiskReadOnly: (p: { path: string }) =>
		`Cannot write ${p.path}: the file system is read-only. Remount it writable, or choose another folder (--output).`,
	errDiskIsDir: (p: { path: string }) => `Cannot write ${p.path}: a folder has that name. Move the folder away and run again.`,
	errDiskNotDir: (p: { path: string }) =>
		`Cannot write ${p.path}: part of that path is a file, not a folder. Fix download_paths or --output.`,
	errWriteFull: (p: { path: string }) =>
		`Could not write ${p.path}: the disk is full (or your disk quota is used up). Nothing was replaced: the file there before, if any, is unchanged. Free some space and run again.`,
	errWriteTooBig: (p: { path: string }) =>
		`Could not write ${p.path}: the file is larger than that file system allows. Nothing was replaced: the file there before, if any, is unchanged.`,
	errPartialLinked: (p: { path: string }) =>
		`Not resuming ${p.path}: it is also another file's name (a hard link), and civitai-dl never writes into a file that is not its own. Remove it and run again.`,
	errWriteLink: (p: { path: string }) =>
		`Not writing ${p.path}: it is a symbolic link, and civitai-dl never writes through one. Remove the link (or put a regular file there) if civitai-dl should write it.`,
	errClaimBusy: (p: { name: string; pid: string; path: string }) =>
		`another civitai-dl run (pid ${p.pid}) was still downloading ${p.name} after --lock-timeout (${p.path}); it was not downloaded twice: run again once that run is done.`,
	errHistoryFull: (p: { name: string; path: string }) =>
		`Could not record ${p.name} in the history ${p.path}: the disk holding the history is full. The history keeps every row it had, and the file itself is in place: once there is space, the next run finds it and records it.`,
	errHashMismatch: (p: { name: string; expected: string; got: string }) =>
		`SHA-256 mismatch for ${p.name}: expected ${p.expected}, got ${p.got}; the partial file was deleted.`,
	errHashThreadStopped: (p: { code: string }) =>
		`civitai-dl's hashing thread on this computer stopped (${p.code}); the network was not at fault. Nothing was deleted: run again, and a download resumes from its partial file.`,
	errSamePath: (p: { path: string }) =>
		`${p.path} and the names that tell it apart are all taken by other files; refusing to overwrite them (use --output to separate them).`,
	warnPathOutside: (p: { path: string; name: string }) =>
		`The path ${p.path} that the list gives for ${p.name} is outside the download folders, so the file goes to its category folder instead.`,
	warnForeignPaths: (p: { count: number; example: string }) =>
		`${p.count} history ${p.count === 1 ? "row names a path" : "rows name paths"} written on another system (like ${p.example}): each file is looked for in its category folder here, under the row's own file name.`,
	warnNoConfig: (p: { config: string; folder: string; history: string; models: string | null }) =>
		p.models === null
			? `No config file was found (${p.config}), so civitai-dl keeps its history in this folder, ${p.folder}: ${p.history}. To choose where it goes, run \`civitai-dl config init\`.`
			: `No config file was found (${p.config}), so civitai-dl writes into this folder, ${p.folder}: the models to ${p.models}, the history to ${p.history}. To choose where they go (your UI's model folders, say), run \`civitai-dl config init\`.`,
	warnNotOurs: (p: { path: string; name: string }) =>
		`${p.path} is already there and civitai-dl did not download it (the history has no row for it, and its contents are not this file's): it is kept, and the download is saved as ${p.name} instead. Pass --force to replace it.`,
	warnHistoryDiskFull: (p: { path: string }) =>
		`The disk holding the history ${p.path} is full: nothing could be recorded there, so nothing is downloaded and every item is parked. Free some space and run the same command again.`,
	warnFailedList: (p: { path: string; code: string }) =>
		`Could not write the failed list ${p.path} (${p.code}); the failed items are listed above. Free some space (or fix the folder) and run the same command again.`,
	errInterrupted: () => "interrupted; the next run picks it up (a partial file, if any, is kept and resumed)",
	parkedQuota: () => "Civitai's daily download quota was reached; run `civitai-dl redownload --from` this list later",
	parkedDisk: () => "the disk is full",
	parkedOutage: () =>
		"Civitai looks down or unreachable (several items in a row failed with network or server errors); run `civitai-dl redownload --from` this list later",
	parkedInterrupted: () => "the run was interrupted",
	// CSV files
	csvNoHeader: (p: { file: string }) =>
		`${p.file} line 1 is not a header with url and model_type columns, so civitai-dl reads the file as its usual history columns.`,
	csvEncoding: (p: { file: string; encoding: string; line: number }) =>
		`${p.file} is in ${p.encoding}, not UTF-8 (from line ${p.line}), so civitai-dl reads it as ${p.encoding}.`,
	csvUnreadable: (p: { file: string; code: string }) => `Cannot read ${p.file} (${p.code}); check its permissions.`,
	csvTooBig: (p: { file: string; limitMiB: number }) =>
		`${p.file} is larger than ${p.limitMiB} MiB, far more than any list of downloads; not read.`,
	csvNotRegular: (p: { file: string }) => `${p.file} is not a regular file (a link, a FIFO or a device); not read.`,
	csvIsFolder: (p: { file: string }) => `${p.file} is a folder, not a CSV file.`,
	csvHistoryIsFolder: (p: { file: string }) =>
		`${p.file} is a folder, not a CSV file. It is the history (history_file in the config: civitai-dl config show).`,
	csvUnwritable: (p: { file: string; code: string }) =>
		`Cannot write the history ${p.file} (${p.code}); check history_file in the config and the permissions of its folder.`,
	csvMoreSkipped: (p: { file: string; count: number }) =>
		`${p.file}: ${p.count} more ${p.count === 1 ? "line was" : "lines were"} skipped for the same kinds of reasons.`,
	csvNotText: (p: { file: string; line: number }) => `${p.file} line ${p.line} is skipped: it holds bytes that are not text.`,
	csvBadLine: (p: { file: string; line: number; detail: string }) => `${p.file} line ${p.line} is skipped: ${p.detail}`,
	csvCellCount: (p: { file: string; line: number; expected: number; found: number }) =>
		`${p.file} line ${p.line} is skipped: expected ${p.expected} cells, found ${p.found}.`,
	csvUnfinished: (p: { file: string; line: number }) =>
		`${p.file} line ${p.line} is skipped: an unfinished line (a quote is never closed).`,
	// config
	cfgUnreadable: (p: { path: string; code: string }) => `Cannot read the config file ${p.path} (${p.code}).`,
	cfgNotJson: (p: { path: string; line: number; column: number }) =>
		`${p.path} is not valid JSON at line ${p.line}, column ${p.column}. Fix the file or point --config elsewhere.`,
	cfgJsonTrailingComma: (p: { path: string; line: number; column: number }) =>
		`${p.path} line ${p.line}, column ${p.column}: JSON allows no comma before a closing bracket; remove that comma.`,
	cfgJsonSingleQuote: (p: { path: string; line: number; column: number }) =>
		`${p.path} line ${p.line}, column ${p.column}: JSON needs double quotes ("...") where this has a single quote.`,
	cfgJsonComment: (p: { path: string; line: number; column: number }) =>
		`${p.path} line ${p.line}, column ${p.column}: JSON allows no comments; remove this one.`,
	cfgJsonEndsEarly: (p: { path: string; line: number; column: number }) =>
		`${p.path} ends at line ${p.line}, column ${p.column} before its JSON is complete: a closing quote or bracket is missing.`,
	cfgNotObject: (p: { path: string }) => `${p.path} must hold a JSON object like {"api_key": "...", "download_paths": {...}}.`,
	cfgInvalid: (p: { path: string; line: number | null; key: string; value: string | null; hidden: boolean; problem: string }) =>
		`${p.path}${p.line === null ? "" : ` line ${p.line}`}: "${p.key}" is ${p.hidden ? "(hidden)" : (p.value ?? "missing")}; ${p.problem}.`,
	cfgMissingNamed: (p: { path: string; source: string }) =>
		`The config file ${p.path} (from ${p.source}) does not exist; create it with \`civitai-dl config init\` or leave the setting out to use the per-user config.`,
	// civitai.red (issue 15)
	cfgBadRedBaseUrlEnv: (p: { value: string }) =>
		`CIVITAI_RED_BASE_URL is "${p.value}"; it must be an http(s) URL such as https://civitai.red.`,
	cliBadRedBaseUrl: (p: { value: string }) => `--red-base-url "${p.value}" must be an http(s) URL such as https://civitai.red.`,
	helpOptRedBaseUrl: () =>
		"the mature-content Civitai site, tried when base_url answers 404 (default: https://civitai.red beside civitai.com; env CIVITAI_RED_BASE_URL)",
	cfgBadBaseUrlEnv: (p: { value: string }) => `CIVITAI_BASE_URL is "${p.value}"; it must be an http(s) URL such as https://civitai.com.`,
	cfgLayoutNoRoot: (p: { layout: string }) =>
		`"layout" is "${p.layout}" but "root" is not set; set "root" to your ${p.layout} folder (or pass --root).`,
	cfgUnknownKey: (p: { path: string; line: number | null; key: string; suggestion: string | null; known: string }) =>
		p.suggestion
			? `${p.path}${p.line === null ? "" : ` line ${p.line}`}: unknown key "${p.key}" is ignored; did you mean "${p.suggestion}"?`
			: `${p.path}${p.line === null ? "" : ` line ${p.line}`}: unknown key "${p.key}" is ignored (known: ${p.known}).`,
	cfgBadDelays: (p: { text: string; flag: string }) => `${p.flag} "${p.text}" must be seconds separated by commas, e.g. 60,180,300.`,
	// a run, in plain lines
	runItems: (p: { total: number }) => `${p.total} items to process.`,
	runItemStart: (p: {
		index: number;
		total: number;
		name: string;
		category: string;
		size: string | null;
		resumeAt: string | null;
		path: string;
	}) =>
		`[${p.index}/${p.total}] ${p.name} (${p.category}, ${p.size ?? "size unknown"})${p.resumeAt ? `, resuming at ${p.resumeAt}` : ""} -> ${p.path}`,
	runProgress: (p: {
		index: number;
		name: string;
		percent: string;
		done: string;
		total: string | null;
		speed: string;
		eta: string | null;
	}) => `[${p.index}] ${p.name}: ${p.percent}  ${p.done} / ${p.total ?? "?"}  ${p.speed}${p.eta ? `  ETA ${p.eta}` : ""}`,
	runRetry: (p: { index: number; name: string; reason: string; delay: string; retry: number; max: number }) =>
		`[${p.index}] ${p.name}: retrying in ${p.delay} (retry ${p.retry} of ${p.max}): ${p.reason}`,
	runPacing: (p: { delay: string }) => `  waiting ${p.delay} before the next download`,
	runPacingItem: (p: { index: number; name: string; delay: string }) =>
		`[${p.index}] ${p.name}: waiting ${p.delay} before its download request`,
	runSkipped: (p: { index: number; name: string }) => `[${p.index}] skipped ${p.name}: already there`,
	runSkippedAt: (p: { index: number; name: string; path: string }) => `[${p.index}] skipped ${p.name}: already at ${p.path}`,
	runSameFile: (p: { index: number; name: string; sameAs: number }) =>
		`[${p.index}] ${p.name} is the same file as [${p.sameAs}]: it is downloaded once`,
	runVersionPicked: (p: {
		index: number;
		model: string;
		version: string;
		passed: { version: string; permanent: boolean; until: string | null }[];
	}) =>
		`[${p.index}] ${p.model}: taking ${p.version}, the newest version you can download; newer, not taken: ${p.passed
			.map((v) => `${v.version}, ${v.permanent ? "paid" : v.until ? `early access until ${v.until}` : "early access"}`)
			.join("; ")} (give version:<id> to use access you have)`,
	runDone: (p: { index: number; name: string; size: string; verified: boolean; retries: number }) =>
		`[${p.index}] done ${p.name}: ${p.size}, ${p.verified ? "SHA-256 verified" : "not verified (no hash known or --no-verify)"}${
			p.retries > 0 ? `, after ${p.retries} ${s(p.retries, "retry", "retries")}` : ""
		}`,
	runDoneDetail: (p: { path: string; sha256: string }) => `    ${p.path}\n    sha256 ${p.sha256}`,
	runFailed: (p: { index: number; name: string; kind: string; message: string }) =>
		`[${p.index}] FAILED ${p.name} (${p.kind}): ${p.message}`,
	runParked: (p: { index: number; name: string; kind: string; message: string }) =>
		`[${p.index}] parked ${p.name} (${p.kind}): ${p.message}`,
	runPlanDownload: (p: { index: number; category: string; size: string; path: string }) =>
		`[${p.index}] download ${p.category.padEnd(11)} ${p.size.padStart(9)}  ${p.path}`,
	runPlanSkip: (p: { index: number; category: string; size: string; path: string }) =>
		`[${p.index}] skip     ${p.category.padEnd(11)} ${p.size.padStart(9)}  ${p.path}  (already there)`,
	runPlanTotals: (p: { download: number; bytes: string; unknown: number; skip: number; failed: number }) =>
		`Plan: ${p.download} to download (${p.bytes}${p.unknown > 0 ? ` + ${p.unknown} of unknown size` : ""}), ${p.skip} already there${
			p.failed > 0 ? `, ${p.failed} cannot be downloaded` : ""
		}. Nothing was downloaded (--dry-run).`,
	warning: (p: { message: string }) => `warning: ${p.message}`,
	// the summary
	sumTitle: () => "Summary",
	sumSucceeded: (p: { n: number }) => `  succeeded: ${p.n}`,
	sumSkipped: (p: { n: number }) => `  skipped:   ${p.n}`,
	sumFailed: (p: { n: number }) => `  failed:    ${p.n}`,
	sumParked: (p: { n: number }) => `  parked:    ${p.n}`,
	sumRetries: (p: { n: number; recovered: number }) =>
		p.n === 0 ? "  retries:   0" : `  retries:   ${p.n} (${p.recovered} ${s(p.recovered, "item", "items")} succeeded after retrying)`,
	sumShort: (p: { succeeded: number; skipped: number; failed: number; parked: number; retries: number; bytes: string; elapsed: string }) =>
		`Summary: ${p.succeeded} downloaded, ${p.skipped} skipped, ${p.failed} failed${p.parked > 0 ? `, ${p.parked} parked` : ""}${p.retries > 0 ? `, ${p.retries} ${s(p.retries, "retry", "retries")}` : ""}; ${p.bytes} in ${p.elapsed}.`,
	sumTotal: (p: { n: number }) => `  total:     ${p.n}`,
	sumRate: (p: { rate: string | null }) => `  success rate: ${p.rate ?? "n/a (nothing was attempted)"}`,
	sumDownloaded: (p: { bytes: string; elapsed: string }) => `  downloaded: ${p.bytes} in ${p.elapsed}`,
	sumStoppedQuota: () => "  stopped: Civitai's daily download quota was reached; the rest is parked.",
	sumStoppedInterrupt: () => "  stopped: interrupted; partial files are kept and resume next time.",
	sumStoppedDisk: () => "  stopped: the disk is full.",
	sumStoppedOutage: () =>
		"  stopped: Civitai looks down or unreachable (several items in a row failed with network or server errors); the rest is parked.",
	sumFailedList: (p: { path: string }) => `  failed list: ${p.path}`,
	sumRerun: (p: { command: string }) => `  re-run it with: ${p.command}`,
	// the live display on a terminal
	liveItems: (p: { done: number; total: number }) => `${p.done}/${p.total} items`,
	liveOk: (p: { n: number }) => `${p.n} ok`,
	liveSkipped: (p: { n: number }) => `${p.n} skipped`,
	liveFailed: (p: { n: number }) => `${p.n} failed`,
	liveParked: (p: { n: number }) => `${p.n} parked`,
	liveEta: (p: { eta: string }) => `ETA ${p.eta}`,
	liveRetrying: (p: { why: string; countdown: string; retry: number; max: number }) =>
		`${p.why}, retrying in ${p.countdown} (${p.retry}/${p.max})`,
	livePacing: (p: { countdown: string }) => `next request in ${p.countdown}`,
	liveConnecting: () => "connecting",
	liveWhyRateLimited: () => "rate limited",
	liveWhySlow: () => "throttled",
	liveWhyNetwork: () => "connection lost",
	liveWhyOther: () => "failed",
	// the CLI
	cliBadNumber: (p: { flag: string; value: string }) => `${p.flag} takes a number of 0 or more, not "${p.value}".`,
	cliBadInt: (p: { flag: string; value: string }) => `${p.flag} takes a positive whole number, not "${p.value}".`,
	cliBadChoice: (p: { flag: string; value: string; choices: string }) => `${p.flag} takes one of ${p.choices}, not "${p.value}".`,
	cliBadRange: (p: { flag: string; value: string; max: number }) => `${p.flag} takes a whole number from 1 to ${p.max}, not "${p.value}".`,
	cliBadCategory: (p: { value: string; categories: string }) => `"${p.value}" is not a category (${p.categories}).`,
	cliBadBaseUrl: (p: { value: string }) => `--base-url "${p.value}" must be an http(s) URL such as https://civitai.com.`,
	cliBadTz: (p: { tz: string }) => `--tz "${p.tz}" is not a time zone; use a name like Asia/Tokyo or UTC.`,
	cliRedownloadArgs: () => "redownload takes either `all`, a target, or --from <csv> (exactly one of them).",
	cliNoSuchFile: (p: { path: string }) => `${p.path} does not exist.`,
	cliNoRows: (p: { path: string }) => `${p.path} has no rows to download.`,
	cliHistoryUnreadable: (p: { why: string }) => `${p.why} It is the history (history_file in the config: civitai-dl config show).`,
	cliEmptyHistory: (p: { path: string }) => `The history ${p.path} is empty; download something with \`civitai-dl get\` first.`,
	cliNoTerminal: (p: { count: number; of: number; present: number; size: string; unknown: number }) =>
		`redownload all would download ${p.count === p.of ? s(p.of, "the one item", `all ${p.of} items`) : `${p.count} of the ${p.of} items`} (${sized(p.size, p.unknown)}${p.present > 0 ? `; ${p.present} already there` : ""}); there is no terminal to confirm on, so pass --yes to run it.`,
	cliConfirm: (p: {
		count: number;
		of: number;
		present: number;
		size: string;
		unknown: number;
		path: string;
		names: string[];
		more: number;
	}) =>
		`Re-download ${p.count === p.of ? s(p.of, "the one item", `all ${p.of} items`) : `${p.count} of the ${p.of} items`} in ${p.path} (${sized(p.size, p.unknown)}${p.present > 0 ? `; ${p.present} already there` : ""}): ${listed(p.names, p.more)}? [y/N] `,
	cliNothingDownloaded: () => "Nothing was downloaded.",
	cliUnexpected: (p: { message: string; verbose: boolean }) =>
		`unexpected error: ${p.message}${p.verbose ? "" : " (run with --verbose for details)"}`,
	cliStopping: () => "Stopping after cleanup (press Ctrl-C again to quit at once)...",
	cliUnknownOption: (p: { option: string; suggestion: string | null }) =>
		`unknown option ${p.option}${p.suggestion ? `; did you mean ${p.suggestion}?` : ""} (see --help)`,
	cliUnknownCommand: (p: { command: string; suggestion: string | null }) =>
		`unknown command ${p.command}${p.suggestion ? `; did you mean ${p.suggestion}?` : ""} (see civitai-dl --help)`,
	cliMissingArgument: (p: { argument: string }) => `missing ${p.argument} (see --help)`,
	cliOptionNeedsValue: (p: { option: string }) => `${p.option} needs a value (see --help)`,
	cliTooManyArguments: (p: { command: string }) => `too many arguments for ${p.command} (see --help)`,
	historyEmpty: (p: { path: string }) => `The history ${p.path} is empty.`,
	historyCount: (p: { count: number; path: string }) => `${p.count} ${s(p.count, "entry", "entries")} in ${p.path}`,
	unknownSize: () => "?",
	// config init | show | path
	cfgShowFile: (p: { path: string; found: boolean }) =>
		p.found ? `config file: ${p.path}` : `config file: ${p.path} (not found; defaults and environment in use)`,
	cfgSource: (p: { source: "default" | "file" | "env" | "flag" }) =>
		({ default: "default", file: "config file", env: "environment", flag: "command line" })[p.source],
	cfgNotSet: () => "(not set)",
	cfgNone: () => "(none)",
	cfgShowLayoutWins: (p: { layout: string }) =>
		`The config file's download_paths are not used: --layout ${p.layout} on the command line wins (flag > environment > config file > default).`,
	cfgInitAskLayout: () => "Which UI keeps your models? a1111, forge, comfyui, or none for civitai-dl's own folders [none]: ",
	cfgInitAskRoot: (p: { layout: string }) => `Folder of your ${p.layout} install (it holds the models folder): `,
	cfgInitBadLayout: (p: { value: string }) => `"${p.value}" is not a layout; answer a1111, forge, comfyui or none.`,
	cfgInitExists: (p: { path: string }) => `${p.path} already exists; pass --force to replace it (the old file is kept as ${p.path}.bak).`,
	cfgInitWrote: (p: { path: string }) => `Wrote ${p.path} (readable only by you).`,
	cfgInitNext: (p: { keySet: boolean }): string =>
		p.keySet
			? "Next: run civitai-dl get <url>. See the settings with civitai-dl config show."
			: "Next: set CIVITAI_API_KEY (or api_key in the file), then run civitai-dl get <url>. See the settings with civitai-dl config show.",
	cfgInitNoRoot: (p: { root: string; layout: string }) =>
		`${p.root} is not a folder (it does not exist, or it is a file): give the folder your ${p.layout} is installed in (it holds the models folder).`,
	cfgInitRootNeeded: (p: { layout: string }) => `--layout ${p.layout} needs --root <folder of your ${p.layout} install>.`,
	cfgInitRootNotGiven: (p: { layout: string }) =>
		`No folder was given: the ${p.layout} layout needs the folder your ${p.layout} is installed in. Nothing was written; run civitai-dl config init again (answer none to the first question for no layout).`,
	// verify
	verifyOk: (p: { path: string }) => `ok             ${p.path}`,
	verifyMissing: (p: { path: string }) => `missing        ${p.path}`,
	verifySizeMismatch: (p: { path: string; expected: number; actual: number }) =>
		`size mismatch  ${p.path} (${p.actual} bytes; the history says ${p.expected})`,
	verifyHashMismatch: (p: { path: string; expected: string; actual: string }) =>
		`hash mismatch  ${p.path} (SHA-256 ${p.actual}; the history says ${p.expected})`,
	verifyNoHash: (p: { path: string }) => `no hash known  ${p.path} (present; nothing to compare with)`,
	verifyProgress: (p: { index: number; total: number; name: string; percent: string }) =>
		`[${p.index}/${p.total}] hashing ${p.name} ${p.percent}`,
	verifySummary: (p: {
		total: number;
		ok: number;
		missing: number;
		sizeMismatch: number;
		hashMismatch: number;
		noHash: number;
		elapsed: string;
	}) =>
		`Checked ${p.total} ${s(p.total, "file", "files")} in ${p.elapsed}: ${p.ok} ok, ${p.missing} missing, ${p.sizeMismatch} size mismatch, ${p.hashMismatch} hash mismatch, ${p.noHash} without a known hash.`,
	verifyFailedList: (p: { path: string; command: string }) => `Broken files are listed in ${p.path}; re-download them with: ${p.command}`,
	verifyEmpty: (p: { path: string }) => `The history ${p.path} is empty; there is nothing to verify.`,
	verifyErrMissing: () => "the file is missing",
	verifyErrSize: (p: { expected: number; actual: number }) => `the file has ${p.actual} bytes instead of ${p.expected}`,
	verifyErrHash: (p: { expected: string; actual: string }) => `SHA-256 ${p.actual} instead of ${p.expected}`,
	// help
	helpTitle: (p: { title: string }) =>
		({
			"Usage:": "Usage:",
			"Options:": "Options:",
			"Commands:": "Commands:",
			"Arguments:": "Arguments:",
			"Global Options:": "Global Options:",
		})[p.title] ?? p.title,
	helpExamples: () => "Examples:",
	helpProgram: () => "Download models from Civitai and keep your model library complete.",
	helpHelp: () => "show help for a command",
	helpVersion: () => "show the version",
	helpGet: () => "download one or more models now",
	helpRedownload: () => "download again: all of the history in priority order, one entry, or the rows of a failed list",
	helpHistory: () => "list the history, de-duplicated, in file order",
	helpVerify: () => "re-hash every file in the history: ok / missing / size mismatch / hash mismatch / no hash known",
	helpConfig: () => "write a starter config, show the effective settings, or print the config's path",
	helpConfigInit: () => "write a starter config (asks for your UI's layout on a terminal)",
	helpConfigShow: () => "show every effective setting and where it came from (the API key redacted)",
	helpConfigPath: () => "print the path of the config file in use",
	helpSchedule: () => "run a civitai-dl command on a cron schedule, in the foreground",
	helpNotify: () => "webhook notifications",
	helpDoctor: () => "check the config, the API key, the API, the folders, the history and the webhooks, one line each",
	helpOptNotify: () => "also send a test message to every webhook (default: only list them)",
	helpExDoctor: () =>
		"  civitai-dl doctor                                              is everything ready for tonight's run?\n  civitai-dl doctor --notify --json                              also test the webhooks; NDJSON results",
	helpNotifyTest: () => "send a test message to every configured webhook",
	helpArgTarget: () => "URL, AIR, model:ID, version:V or a number",
	helpArgRedownload: () => "all, or one target (URL, AIR, model:ID, version:V)",
	helpArgCron: () => "cron expression: 5 fields (minute hour day month weekday), 6 with seconds first, or @daily",
	helpArgScheduleArgs: () => "the civitai-dl command to run, after --",
	helpOptConfig: () => "config file (default: the per-user config folder; env CIVITAI_DL_CONFIG)",
	helpOptBaseUrl: () => "a Civitai-compatible server (default: https://civitai.com; env CIVITAI_BASE_URL)",
	helpOptJson: () => "NDJSON events on stdout, nothing else there (default: off)",
	helpOptQuiet: () => "only warnings, failures, retry notices and the summary (default: off)",
	helpOptVerbose: () => "more detail, and stack traces of unexpected errors (default: off)",
	helpOptNoProgress: () => "no live progress bars; plain lines (default: bars on a terminal)",
	helpOptNoColor: () => "no colours (default: colours on a terminal unless NO_COLOR is set)",
	helpOptLang: () => "language of messages: en or ja (default: from LC_ALL/LC_MESSAGES/LANG, else en)",
	helpOptType: () => "put the files in this category's folder (default: the model's own category)",
	helpOptOutput: () => "put the files in this folder (default: the category's folder)",
	helpOptFileId: () => "download this file of the version (default: its primary file)",
	helpOptForce: () => "download even if the file exists, replacing it atomically (default: skip existing files)",
	helpOptNoVerify: () => "do not compare the SHA-256 with Civitai's (default: verify)",
	helpOptDryRun: () => "print the plan (order, category, size, target, skips) and download nothing",
	helpOptSleep: () => "seconds between download requests and after each completed download (default: 5)",
	helpOptRetryDelays: () => "waits before each retry of a rate-limited download (default: 60,180,300)",
	helpOptNetworkRetryDelays: () =>
		"waits before each retry after a network failure: DNS, refused, reset, 502, 504, 520-530 (default: 10,30,90)",
	helpOptOutageAfter: () => "park the rest after this many items in a row failed with network or server errors; 0: never (default: 3)",
	helpOptSpeedThreshold: () => "slower than this for --slow-duration counts as throttled (default: 10)",
	helpOptSlowDuration: () => "how long the speed may stay below the threshold (default: 30)",
	helpOptFailedOut: () => "where to write the failed list (default: failed-<time>.csv next to the history)",
	helpOptConfigJson: () => "print the answer as one JSON object",
	helpOptHistoryJson: () => "print the rows as one JSON array (not NDJSON)",
	helpOptNotifyRun: () => "tell the webhooks about this run, even on a terminal (default: notifications.when, runs without a terminal)",
	helpOptNoNotify: () => "do not tell the webhooks about this run",
	helpOptLockTimeout: () => "how long to wait for another civitai-dl run's history append, or for a file it is downloading (default: 600)",
	helpOptLayout: () => "put models in this UI's folders: a1111, forge or comfyui (default: download_paths)",
	helpOptFolderLayout: () =>
		"{type}: files in each category's folder; {type}/{base_model}: in a subfolder per base model there (default: folder_layout, {type})",
	helpOptRoot: () => "the UI's install folder, for --layout (default: root in the config)",
	helpOptConcurrency: () => "small files (not checkpoints) downloading at once, 1-16 (default: 3)",
	helpOptConnections: () => "Range connections per large file, 1-16 (default: 1; read docs/how-it-works.md before raising it)",
	helpOptFrom: () => "the rows of a failed list or any history-format CSV",
	helpOptYes: () => "do not ask for confirmation (default: ask on a terminal)",
	helpOptTz: () => "time zone of the cron expression, e.g. Asia/Tokyo (default: this machine's)",
	helpOptMaxRuns: () => "stop after this many runs (default: run until Ctrl-C)",
	helpOptInitForce: () => "replace an existing config (it is kept as .bak)",
	helpOptVerifyFailedOut: () => "write the broken files as a list that redownload --from takes",
	helpExProgram: () =>
		"  civitai-dl get https://civitai.com/models/4384                 download a model now\n  civitai-dl redownload all --yes                                bring the whole history back, checkpoints first",
	helpExGet: () =>
		"  civitai-dl get https://civitai.com/models/4384                 the model's newest version, verified\n  civitai-dl get urn:air:sdxl:lora:civitai:706978@1050496 --dry-run   show where it would go",
	helpExRedownload: () =>
		"  civitai-dl redownload all --yes                                every history entry, checkpoints first\n  civitai-dl redownload --from failed-20261127-030000.csv        only what failed last time",
	helpExHistory: () =>
		"  civitai-dl history                                             one line per entry\n  civitai-dl history --json > history.json                       for scripts",
	helpExVerify: () =>
		"  civitai-dl verify                                              check every recorded file\n  civitai-dl verify --failed-out broken.csv && civitai-dl redownload --from broken.csv",
	helpExConfig: () =>
		"  civitai-dl config init --layout comfyui --root ~/ComfyUI      models go to ComfyUI's folders\n  civitai-dl config show                                         what is in effect, and from where",
	helpExConfigShow: () =>
		"  civitai-dl config show                                         what is in effect, and from where\n  civitai-dl config show --layout forge --root ~/forge --json    what a layout would change, as JSON",
	helpExConfigPath: () =>
		"  civitai-dl config path                                         where the config file is read from\n  civitai-dl config path --config ./test.json                    the file --config names (made absolute)",
	helpExSchedule: () =>
		'  civitai-dl schedule "0 3 * * *" -- redownload all --yes        every night at 03:00\n  civitai-dl schedule "0 */6 * * *" --tz Asia/Tokyo -- get model:4384 -q',
	helpExNotify: () =>
		"  civitai-dl notify test                                         one test message per webhook\n  civitai-dl notify test --json                                  the results as NDJSON",
	// webhook notifications
	notifyTitleFinished: (p: { host: string }) => `civitai-dl on ${p.host}: the run finished`,
	notifyTitleFailed: (p: { host: string; failed: number }) =>
		`civitai-dl on ${p.host}: the run finished with ${p.failed} ${p.failed === 1 ? "failure" : "failures"}`,
	notifyTitleParked: (p: { host: string; parked: number }) =>
		`civitai-dl on ${p.host}: Civitai's daily download quota was reached; ${p.parked} ${p.parked === 1 ? "item is" : "items are"} parked`,
	notifyTitleInterrupted: (p: { host: string }) => `civitai-dl on ${p.host}: the run was interrupted`,
	notifyTitleDiskFull: (p: { host: string }) => `civitai-dl on ${p.host}: the run stopped because the disk is full`,
	notifyTitleOutage: (p: { host: string; parked: number }) =>
		`civitai-dl on ${p.host}: Civitai looks down or unreachable; ${p.parked} ${p.parked === 1 ? "item is" : "items are"} parked`,
	notifyTitleItemFailed: (p: { host: string; name: string; kind: string }) => `civitai-dl on ${p.host}: ${p.name} failed (${p.kind})`,
	notifyTitleTest: (p: { host: string }) => `civitai-dl on ${p.host}: test message. Notifications are working.`,
	notifyCounts: (p: { succeeded: number; skipped: number; failed: number; parked: number; retries: number }) =>
		`Succeeded ${p.succeeded} · Skipped ${p.skipped} · Failed ${p.failed} · Parked ${p.parked} · Retries ${p.retries}`,
	notifyTotals: (p: { bytes: string; elapsed: string; rate: string }) => `Downloaded ${p.bytes} in ${p.elapsed}; success rate ${p.rate}`,
	notifyFailureLine: (p: { name: string; kind: string; message: string }) => `${p.name} (${p.kind}): ${p.message}`,
	notifyMoreFailures: (p: { count: number }) => `…and ${p.count} more in the failed list`,
	notifyFailedList: (p: { path: string }) => `Failed list: ${p.path}`,
	notifyReport: (p: { path: string }) => `The library as a page: ${p.path}`,
	notifyRerun: (p: { command: string }) => `Re-run it with: ${p.command}`,
	labelSucceeded: () => "Succeeded",
	labelSkipped: () => "Skipped",
	labelFailed: () => "Failed",
	labelParked: () => "Parked",
	labelRetries: () => "Retries",
	labelDownloaded: () => "Downloaded",
	labelElapsed: () => "Elapsed",
	labelSuccessRate: () => "Success rate",
	labelFailures: () => "Failures",
	notApplicable: () => "n/a",
	// webhook delivery results
	notifySent: (p: { hook: string; attempts: number }) => `notified ${p.hook}${p.attempts > 1 ? ` (after ${p.attempts} attempts)` : ""}`,
	notifyNotSent: (p: { hook: string; attempts: number; reason: string }) =>
		`could not notify ${p.hook} after ${p.attempts} ${p.attempts === 1 ? "attempt" : "attempts"}: ${p.reason}; the run's result is unchanged`,
	notifyTestNotSent: (p: { hook: string; attempts: number; reason: string }) =>
		`could not deliver the test message to ${p.hook} after ${p.attempts} ${p.attempts === 1 ? "attempt" : "attempts"}: ${p.reason}`,
	notifyNoWebhooks: (p: { config: string }) =>
		`No webhooks are configured. Add one under "notifications.webhooks" in ${p.config}, e.g. {"kind": "discord", "url": "https://discord.com/api/webhooks/..."}.`,
	notifyHttpStatus: (p: { status: number }) => `the webhook answered HTTP ${p.status}`,
	notifyTimeout: (p: { seconds: number }) => `no answer within ${p.seconds} s`,
	notifyNetwork: (p: { code: string }) => `network error: ${netWords(p.code)}`,
	// import (issue 16 §1)
	importScan: (p: { files: number; folders: number; candidates: number }) =>
		`Found ${p.files} model ${s(p.files, "file", "files")} in ${p.folders} ${s(p.folders, "folder", "folders")}; ${p.candidates} not in the history yet.`,
	importHashing: (p: { files: number; bytes: string; cached: number }) =>
		`Hashing ${p.files} ${s(p.files, "file", "files")} (${p.bytes}); ${p.cached} unchanged since the last import, taken from the hash cache.`,
	importHashProgress: (p: { index: number; total: number; name: string; percent: string; eta: string }) =>
		`[${p.index}/${p.total}] hashing ${p.name}: ${p.percent} of all, ${p.eta} left`,
	importLookup: (p: { method: string; origin: string; hashes: number }) =>
		`asking ${p.origin} (${p.method}, ${p.hashes} ${s(p.hashes, "hash", "hashes")})`,
	importRetry: (p: { origin: string; reason: string; retry: number; maxRetries: number; delay: string }) =>
		`${p.origin}: ${p.reason}; retry ${p.retry}/${p.maxRetries} in ${p.delay}`,
	importIdentified: (p: {
		path: string;
		model: string;
		version: string;
		modelId: number;
		versionId: number;
		fileId: number;
		category: string;
	}) => `identified     ${p.path}: ${p.model} / ${p.version} (model ${p.modelId}, version ${p.versionId}, file ${p.fileId}, ${p.category})`,
	importUnknown: (p: { path: string; size: string; sha256: string }) =>
		`unknown        ${p.path} (${p.size}, SHA-256 ${p.sha256}): Civitai does not know this file`,
	importFailed: (p: { path: string; reason: string }) => `not looked up  ${p.path}: ${p.reason}`,
	importSummary: (p: {
		identified: number;
		recorded: number;
		unknown: number;
		failed: number;
		hashed: number;
		cached: number;
		elapsed: string;
	}) =>
		`${p.identified} identified (${p.recorded} recorded in the history), ${p.unknown} unknown to Civitai, ${p.failed} not looked up; ${p.hashed} hashed, ${p.cached} from the hash cache, in ${p.elapsed}.`,
	importSidecars: (p: { files: number; models: number }) =>
		`Wrote ${p.files} sidecar ${s(p.files, "file", "files")} next to ${p.models} model ${s(p.models, "file", "files")}.`,
	importSummaryDry: (p: { identified: number; unknown: number; failed: number; hashed: number; cached: number; elapsed: string }) =>
		`Dry run: ${p.identified} would be recorded, ${p.unknown} unknown to Civitai, ${p.failed} not looked up; ${p.hashed} hashed, ${p.cached} from the hash cache, in ${p.elapsed}. Nothing was written to the history.`,
	importLookupsFailed: () =>
		"Some files could not be looked up (network or rate limit after the retries); run the import again later: hashes come from the cache.",
	warnImportUnreadable: (p: { path: string; code: string }) =>
		`cannot read the folder ${p.path} (${p.code}); its files are left out of the import`,
	warnImportCopy: (p: { path: string; original: string }) =>
		`${p.path} is a copy of ${p.original}, which the history already records; it is not recorded again (the history keeps one place for each version)`,
	warnImportCache: (p: { path: string }) => `the hash cache ${p.path} is damaged; files are hashed again and the cache is rewritten`,
	warnImportHook: (p: { path: string; reason: string }) => `${p.path} is recorded, but what follows the import failed for it: ${p.reason}`,
	cliImportNoFolder: (p: { path: string }) => `${p.path} is not a folder; give import the folders that hold your models.`,
	helpImport: () => "record model files you already have: identify them on Civitai by SHA-256 and add them to the history where they are",
	helpOptImportDryRun: () => "show what would be recorded and write no history row",
	helpOptLookupPause: () => "seconds to wait between lookup requests to Civitai (default: 1)",
	helpExImport: () =>
		"  civitai-dl import                                              every category folder\n  civitai-dl import ~/ComfyUI/models/loras --dry-run              what it would record, nothing written",
	// the history lock
	lockWaiting: (p: { path: string; pid: string; timeout: string }) =>
		`Another civitai-dl run (pid ${p.pid}) is using ${p.path}; waiting up to ${p.timeout} for it to finish.`,
	lockTimeout: (p: { path: string; pid: string; timeout: string }) =>
		`Another civitai-dl run (pid ${p.pid}) still holds ${p.path} after ${p.timeout}; try again later or raise --lock-timeout.`,
	lockLost: (p: { path: string; detail: string }) =>
		`The lock ${p.path} was taken away while this run held it (${p.detail}); another process may be writing the same history or file.`,
	lockClaimWaiting: (p: { index: number; name: string; pid: string; timeout: string }) =>
		`[${p.index}] ${p.name}: another civitai-dl run (pid ${p.pid}) is downloading this file; waiting up to ${p.timeout} for it.`,
	lockStaleTaken: (p: { path: string; pid: string }) =>
		`Took over the lock on ${p.path}: the civitai-dl run that held it (pid ${p.pid}) is gone.`,
	// sidecars (files next to a model that other tools read)
	sidecarWriteFailed: (p: { path: string; code: string }) =>
		`Could not write the sidecar file ${p.path} (${p.code}); the model itself is fine.`,
	sidecarShared: (p: { path: string; other: string }) =>
		`Not writing the sidecar files of ${p.path}: ${p.other} in the same folder has the same name before its extension, and sidecar files are named by that part, so they would describe the wrong model; the model itself is fine.`,
	sidecarIsLink: (p: { path: string }) =>
		`Not writing the sidecar file ${p.path}: it is a symbolic link, and civitai-dl never writes through one; the model itself is fine.`,
	sidecarIsModel: (p: { path: string }) =>
		`Not writing the sidecar file ${p.path}: a model file has that name (the history records it, or it is the model itself), and a sidecar never replaces one; the model itself is fine.`,
	sidecarPreviewHttp: (p: { name: string; host: string; status: number }) =>
		`No preview for ${p.name}: the image server ${p.host} answered HTTP ${p.status}; the model itself is fine.`,
	sidecarPreviewNetwork: (p: { name: string; host: string; code: string }) =>
		`No preview for ${p.name}: could not reach the image server ${p.host} (${netWords(p.code)}); the model itself is fine.`,
	sidecarPreviewTooBig: (p: { name: string; host: string; limitMiB: number }) =>
		`No preview for ${p.name}: the image from ${p.host} is larger than ${p.limitMiB} MiB; the model itself is fine.`,
	sidecarPreviewNotImage: (p: { name: string; host: string }) =>
		`No preview for ${p.name}: what ${p.host} sent is not a PNG, JPEG or WebP image; the model itself is fine.`,
	sidecarPreviewHostRefused: (p: { name: string; host: string }) =>
		`No preview for ${p.name}: its image is on ${p.host}, and images are fetched only from Civitai's image host over https or from the configured Civitai origins; the model itself is fine.`,
	sidecarPreviewDowngrade: (p: { name: string; host: string }) =>
		`No preview for ${p.name}: the image server sent it on from https to plain http (${p.host}), which is not followed; the model itself is fine.`,
	sidecarRepairFailed: (p: { name: string; reason: string }) =>
		`Could not add the missing sidecar files of ${p.name} (the model itself is fine): ${p.reason}`,
	sidecarRepairsPaused: (p: { name: string; reason: string }) =>
		`No more missing sidecar files are looked up in this run: every lookup would fail the same way now (the models themselves are fine; run again later to add them). ${p.name}: ${p.reason}`,
	helpOptSidecars: () => "write the sidecar files (.civitai.info, preview, .json) whatever the config says",
	helpOptNoSidecars: () => "write no sidecar files next to the models",
	// schedule
	scheduleNextRuns: (p: { times: string }) => `Next runs: ${p.times}`,
	scheduleNextRun: (p: { time: string }) => `Next run: ${p.time}`,
	scheduleStarting: (p: { time: string; command: string }) => `[${p.time}] starting: ${p.command}`,
	scheduleFinished: (p: { time: string; code: number; meaning: string }) => `[${p.time}] finished with exit code ${p.code} (${p.meaning})`,
	scheduleSkipped: (p: { time: string; since: string }) =>
		`[${p.time}] skipped this scheduled run: the run started at ${p.since} is still going`,
	scheduleParkedFirst: (p: { path: string }) => `The last run was parked by the daily quota; picking up ${p.path} first.`,
	scheduleParkedFirstOutage: (p: { path: string }) =>
		`The last run was parked because Civitai looked down or unreachable; picking up ${p.path} first.`,
	scheduleParkedFirstDisk: (p: { path: string }) => `The last run was parked because the disk was full; picking up ${p.path} first.`,
	scheduleStopping: () => "Stopping the schedule after the current run ends (press Ctrl-C again to interrupt it).",
	scheduleStopped: (p: { runs: number }) => `Schedule stopped after ${p.runs} ${p.runs === 1 ? "run" : "runs"}.`,
	scheduleBadCron: (p: { cron: string; reason: string }) =>
		`"${p.cron}" is not a cron expression (${p.reason}); use 5 fields (minute hour day month weekday) or 6 with seconds first, e.g. "0 3 * * *".`,
	scheduleNoArgs: () => 'schedule needs the command to run after "--", e.g. civitai-dl schedule "0 3 * * *" -- redownload all --yes',
	scheduleNested: () => "schedule cannot run another schedule; give it a get or redownload command.",
	scheduleBadCommand: (p: { command: string; reason: string }) =>
		`the command to schedule, "civitai-dl ${p.command}", would fail at every run: ${p.reason}`,
	scheduleWouldAsk: (p: { command: string }) =>
		`"civitai-dl ${p.command}" asks y/N before it downloads, and a scheduled run has no terminal to answer on: add --yes (or --dry-run) after "--".`,
	scheduleWouldAskLong: (p: { command: string }) =>
		`"civitai-dl ${p.command}" asks y/N when its list is long (over 20 models or 20 GiB), and a scheduled run has no terminal to answer on: add --yes (or --dry-run) after "--".`,
	scheduleNoStdin: (p: { command: string }) =>
		`"civitai-dl ${p.command}" reads its targets from standard input, which a scheduled run does not have: give the targets on the command line.`,
	cliOptionsAfterCommand: (p: { command: string }) => `a command's options go after its name: civitai-dl ${p.command}`,
	scheduleNeedsDashes: (p: { command: string }) => `put the command schedule runs after "--": civitai-dl ${p.command}`,
	// outdated / update (issue 17)
	helpOutdated: () => "list the models in the history that have a newer published version on Civitai",
	helpUpdate: () => "download the newest version of each outdated model into the folder of the old one (old versions are kept)",
	helpOptAllBaseModels: () => "also take new versions made for another base model (default: the same base model only)",
	helpOptUpdateDryRun: () => "print what would be downloaded, with sizes, and download nothing",
	helpExOutdated: () =>
		'  civitai-dl outdated                                            one line per model with a newer version\n  civitai-dl schedule "0 4 * * 0" -- outdated                    every Sunday, reported to the webhooks',
	helpExUpdate: () =>
		"  civitai-dl update --dry-run                                    what would be downloaded\n  civitai-dl update --yes                                        download the newer same-base versions",
	outdatedLine: (p: { name: string; have: string; newest: string; date: string; base: string; changed: boolean; haveBase: string }) =>
		`${p.name}: you have ${p.have}; newest is ${p.newest} (${p.date}, ${p.base})${p.changed ? ` — base model changed from ${p.haveBase}` : ""}`,
	outdatedSameBaseLine: (p: { name: string; version: string; date: string; base: string }) =>
		`${p.name}: the newest for your base model (${p.base}) is ${p.version} (${p.date}); update takes this one`,
	outdatedNotListed: (p: { modelId: number; file: string }) =>
		`model ${p.modelId} (${p.file}) is not listed by Civitai: deleted, hidden, or without a published version`,
	outdatedSummary: (p: { checked: number; outdated: number; upToDate: number; notFound: number; requests: number; named: boolean }) =>
		`${p.outdated} of ${p.checked} ${p.checked === 1 ? "model" : "models"} ${p.outdated === 1 ? "has" : "have"} a newer version (${p.upToDate} up to date, ${p.notFound} not listed by Civitai${p.notFound > 0 && !p.named ? ", -v names them" : ""}; ${p.requests} ${p.requests === 1 ? "request" : "requests"}).`,
	outdatedIgnored: (p: { count: number }) => `${p.count} ${p.count === 1 ? "model is" : "models are"} ignored (updates.ignore_models).`,
	outdatedRetry: (p: { origin: string; retry: number; max: number; seconds: number; reason: string }) =>
		`${p.origin}: ${p.reason}; retry ${p.retry}/${p.max} in ${p.seconds} s`,
	warnNoModelId: (p: { count: number }) =>
		`${p.count} history ${p.count === 1 ? "row has" : "rows have"} no model or version id and ${p.count === 1 ? "was" : "were"} not checked (seed-era rows; redownload them once to fill in the ids).`,
	errUpdateLookup: (p: { origin: string; reason: string }) => `could not ask ${p.origin} for new versions: ${p.reason}`,
	updateNothing: () => "No newer versions to download.",
	updateOtherBase: (p: { count: number }) =>
		`${p.count} ${p.count === 1 ? "model's newest version is" : "models' newest versions are"} for another base model; --all-base-models takes the newest whatever its base model.`,
	updatePlanLine: (p: { name: string; version: string; path: string; size: string }) => `${p.name} ${p.version} (${p.size}) → ${p.path}`,
	updatePlanTotal: (p: { count: number; size: string; unknown: number }) =>
		`${p.count} ${p.count === 1 ? "version" : "versions"} to download (${p.size}${p.unknown > 0 ? ` + ${p.unknown} of unknown size` : ""}); nothing was downloaded (--dry-run).`,
	updateConfirm: (p: { count: number; size: string; unknown: number; names: string[]; more: number }) =>
		`Download ${p.count} new ${p.count === 1 ? "version" : "versions"} (${sized(p.size, p.unknown)}): ${listed(p.names, p.more)}? Old versions are kept. [y/N] `,
	cliUpdateNoTerminal: (p: { count: number; size: string; unknown: number }) =>
		`update would download ${p.count} new ${p.count === 1 ? "version" : "versions"} (${p.size}${p.unknown > 0 ? ` + ${p.unknown} of unknown size` : ""}); there is no terminal to confirm on, so pass --yes to run it.`,
	notifyTitleOutdated: (p: { host: string; count: number }) =>
		`civitai-dl on ${p.host}: ${p.count} ${p.count === 1 ? "model has a new version" : "models have new versions"}`,
	notifyOutdatedLine: (p: { name: string; have: string; newest: string; base: string; changed: boolean }) =>
		`${p.name}: ${p.have} → ${p.newest} (${p.base}${p.changed ? ", another base model" : ""})`,
	notifyMoreOutdated: (p: { count: number }) => `…and ${p.count} more`,
	// doctor (one line per check) and the key check of config init
	doctorStatus: (p: { status: "ok" | "warn" | "fail" }): string => (p.status === "ok" ? "ok  " : p.status === "warn" ? "warn" : "FAIL"),
	doctorConfigOk: (p: { path: string }) => `config: ${p.path}`,
	doctorConfigMissing: (p: { path: string }) =>
		`config: ${p.path} does not exist; the defaults and the environment are used (civitai-dl config init writes one)`,
	doctorConfigError: (p: { error: string }) => `config: ${p.error}`,
	doctorKeyOk: (p: { username: string }) => `API key: signed in as ${p.username}`,
	doctorKeyNone: () => "API key: none is set; most downloads need one (CIVITAI_API_KEY, or api_key in the config)",
	doctorKeyRejected: (p: { status: number }) =>
		`API key: Civitai does not accept it (HTTP ${p.status}): it is wrong, expired or revoked. Make a new one at civitai.com → Account settings → API Keys`,
	doctorKeyUnchecked: () => "API key: could not be checked, because Civitai did not answer (see the API line)",
	doctorKeyElsewhereOk: (p: { origin: string; username: string }) => `API key on ${p.origin}: signed in as ${p.username} there too`,
	doctorKeyElsewhereRejected: (p: { origin: string; status: number }) =>
		`API key on ${p.origin}: refused there (HTTP ${p.status}); downloads from the configured base_url are not affected, but with base_url ${p.origin} they would fail`,
	doctorKeyElsewhereUnchecked: (p: { origin: string }) => `API key on ${p.origin}: could not be checked there (no answer from Civitai)`,
	doctorApiOk: (p: { origin: string }) => `API: ${p.origin} answers`,
	doctorApiUnreachable: (p: { origin: string; code: string }) =>
		`API: cannot reach ${p.origin} (${netWords(p.code)}); check the network, the proxy (${p.origin.startsWith("http:") ? "http_proxy" : "https_proxy"}) or --base-url`,
	doctorApiStatus: (p: { origin: string; status: number }) =>
		`API: ${p.origin} answered HTTP ${p.status}; Civitai may be down or busy, try again later`,
	doctorApiBadAnswer: (p: { origin: string }) =>
		`API: ${p.origin} did not answer as Civitai does (not its JSON); check --base-url and the proxy`,
	doctorRootOk: (p: { path: string; layout: string }) => `root (${p.layout}): ${p.path}`,
	doctorRootMissing: (p: { path: string; layout: string }) =>
		`root (${p.layout}): ${p.path} does not exist, so its model folders would be made in a folder your ${p.layout} does not read; check root (a typo?) in the config or --root`,
	doctorRootNotDir: (p: { path: string; layout: string }) =>
		`root (${p.layout}): ${p.path} is a file, not the folder of your ${p.layout} install`,
	doctorFolderOk: (p: { path: string; categories: string; free: string }) =>
		`folder (${p.categories}): ${p.path}, writable, ${p.free} free`,
	doctorFolderWillCreate: (p: { path: string; categories: string; free: string }) =>
		`folder (${p.categories}): ${p.path} does not exist yet and will be created, ${p.free} free`,
	doctorFolderLowSpace: (p: { path: string; categories: string; free: string }) =>
		`folder (${p.categories}): ${p.path} has only ${p.free} free; a large checkpoint will not fit`,
	doctorFolderNotWritable: (p: { path: string; categories: string }) =>
		`folder (${p.categories}): ${p.path} is not writable by you; give your user write access (chown/chmod) or choose another folder`,
	doctorFolderBlocked: (p: { path: string; categories: string; blocker: string }) =>
		`folder (${p.categories}): ${p.path} cannot be a folder, because ${p.blocker} is a file; move it away or fix download_paths`,
	doctorHistoryOk: (p: { path: string; rows: number; encoding: string }) =>
		`history: ${p.path}, ${p.rows} ${s(p.rows, "row", "rows")}, ${p.encoding}, readable and writable`,
	doctorHistoryNew: (p: { path: string }) => `history: ${p.path} does not exist yet; the first download creates it`,
	doctorHistoryUnreadable: (p: { path: string; error: string }) => `history: cannot read ${p.path} (${p.error}); check its permissions`,
	doctorHistoryNotWritable: (p: { path: string }) =>
		`history: ${p.path} is not writable by you, so no download could be recorded; fix its permissions`,
	doctorHistoryEncoding: (p: { path: string; encoding: string }) =>
		`history: ${p.path} is in ${p.encoding}; it is read correctly and rewritten in UTF-8 at the next download`,
	doctorHistorySkipped: (p: { path: string; count: number }) =>
		`history: ${p.count} damaged ${s(p.count, "line", "lines")} in ${p.path} will be skipped; civitai-dl history names them`,
	doctorLockFree: (p: { path: string }) => `lock: free (${p.path})`,
	doctorLockHeld: (p: { path: string; pid: number; host: string }) =>
		`lock: held by a civitai-dl run (pid ${p.pid} on ${p.host}) for an append, or by an older civitai-dl for its whole run; a new run waits for it to let go`,
	doctorLockGone: (p: { path: string; pid: number; host: string }) =>
		`lock: left by a run that is gone (pid ${p.pid} on ${p.host}); the next run takes it over`,
	doctorHooksNone: () => "webhooks: none configured",
	doctorHookReady: (p: { hook: string }) => `webhook ${p.hook}: configured (not sent; --notify sends a test message)`,
	doctorHookSent: (p: { hook: string }) => `webhook ${p.hook}: test message delivered`,
	doctorHookFailed: (p: { hook: string; reason: string }) => `webhook ${p.hook}: could not deliver the test message: ${p.reason}`,
	doctorAllGood: () => "Everything checked is fine.",
	doctorSomeFailed: (p: { count: number }) => `${p.count} ${s(p.count, "check", "checks")} failed; each line above says what to fix.`,
	keyAsk: () => "Civitai API key (civitai.com → Account settings → API Keys; typing is hidden; Enter to skip): ",
	keySignedIn: (p: { username: string }) => `Signed in as ${p.username}.`,
	keyRejected: (p: { status: number }) =>
		`Civitai does not accept this key (HTTP ${p.status}): it is wrong, expired or revoked. Try another, or press Enter to skip.`,
	keyUnchecked: (p: { reason: string }) =>
		`The key could not be checked (${p.reason}); it is saved as given. civitai-dl doctor checks it again.`,
	keySkipped: () => "No key saved; set CIVITAI_API_KEY or api_key in the file later.",
	exitMeaning0: () => "everything downloaded or skipped",
	exitMeaning1: () => "some items failed",
	exitMeaning2: () => "usage or config error",
	exitMeaning3: () => "parked by the daily download quota",
	exitMeaning3Outage: () => "parked: Civitai looked down or unreachable",
	exitMeaning3Disk: () => "parked: the disk was full",
	exitMeaning130: () => "interrupted",
	exitMeaningOutdated0: () => "checked for new versions",
	exitMeaningOutdated1: () => "could not ask for new versions",
	exitMeaningVerify0: () => "every file checked is fine",
	exitMeaningVerify1: () => "broken or missing files found",
	exitMeaningImport0: () => "the files were looked up and recorded",
	exitMeaningImport1: () => "some files could not be looked up",
	exitMeaningOther: () => "unexpected",
	// sources: a creator, favorites, a search, every version, the models of an image (issue 28)
	errImage: (p: { file: string; problem: ImageProblem }) => `Cannot read the generation data of ${p.file}: ${imageProblem(p.problem)}.`,
	errNoSuchImage: (p: { imageId: number; origin: string }) =>
		`${p.origin} has no image ${p.imageId} that civitai-dl may see (it is removed, private, or not there).`,
	errFavoritesNoKey: () =>
		"favorites: lists your own favorites, so it needs your API key: set CIVITAI_API_KEY (or api_key in the config; civitai-dl config init asks for it).",
	errFavoritesRefused: (p: { reason: string }) =>
		`Civitai did not give your favorites: ${p.reason} Check the API key (civitai-dl doctor checks it).`,
	errStdinTooBig: (p: { limitMiB: number }) => `The targets on standard input are more than ${p.limitMiB} MiB; give fewer at a time.`,
	errStdinLine: (p: { line: number; text: string }) =>
		`Line ${p.line} of standard input is a JSON object without a versionId or modelId: ${p.text}`,
	cliBadTypes: (p: { value: string; types: string }) =>
		`--types takes Civitai's model types separated by commas (${p.types}), not "${p.value}".`,
	cliBadSize: (p: { flag: string; value: string }) => `${p.flag} takes a size such as 20GB, 500MiB or 1.5G, not "${p.value}".`,
	sourceListed: (p: {
		source: string;
		models: number;
		requests: number;
		have: number;
		gated: number;
		skipped: number;
		take: number;
		size: string;
	}) =>
		`${p.source}: ${p.models} ${s(p.models, "model", "models")} listed (${p.requests} ${s(p.requests, "request", "requests")}); ${p.take} to download (${p.size})${p.have > 0 ? `, ${p.have} already in your library` : ""}${p.gated > 0 ? `, ${p.gated} in early or paid access` : ""}${p.skipped > 0 ? `, ${p.skipped} with nothing to download` : ""}.`,
	sourceStopped: (p: { source: string; pages: number; why: "max_pages" | "cursor_loop" }) =>
		p.why === "cursor_loop"
			? `${p.source}: Civitai gave a page cursor it had given before (the listing loops); stopped after ${p.pages} ${s(p.pages, "page", "pages")}, and what was listed so far is used.`
			: `${p.source}: stopped after ${p.pages} pages (Civitai kept giving more); what was listed so far is used. --limit asks for fewer.`,
	sourceRedFailed: (p: { source: string; origin: string; reason: string }) =>
		`${p.source}: could not list on ${p.origin} (${p.reason}); the models only it serves are left out this time.`,
	sourceCut: (p: { count: number; max: string }) =>
		`--max-size ${p.max}: ${p.count} ${s(p.count, "item is", "items are")} left out to stay within it.`,
	sourceRequests: (p: { requests: number }) => `${p.requests} metadata ${s(p.requests, "request", "requests")} to Civitai.`,
	imageTitle: (p: { source: string }) => `Models named by ${p.source}:`,
	imageNone: (p: { source: string }) => `${p.source} names no model.`,
	colName: () => "name",
	colType: () => "type",
	colWeight: () => "weight",
	colStatus: () => "status",
	colBase: () => "base model",
	colVersion: () => "newest version",
	colSize: () => "size",
	colId: () => "id",
	resourceHave: () => "have",
	resourceDownload: () => "will download",
	resourceUnknown: () => "unknown",
	resourceFailed: (p: { reason: string }) => `lookup failed: ${p.reason}`,
	imageSummary: (p: { have: number; download: number; unknown: number; failed: number }) =>
		`${p.have} in your library, ${p.download} to download, ${p.unknown} unknown${p.failed > 0 ? `, ${p.failed} could not be looked up (run again later)` : ""}.`,
	sourcesNothing: () => "Nothing to download.",
	sourcesConfirm: (p: { count: number; size: string; unknown: number; names: string[]; more: number }) =>
		`Download ${p.count} ${s(p.count, "item", "items")} (${sized(p.size, p.unknown)}): ${listed(p.names, p.more)}? [y/N] `,
	cliSourcesNoTerminal: (p: { count: number; size: string; unknown: number }) =>
		`get would download ${p.count} ${s(p.count, "item", "items")} (${p.size}${p.unknown > 0 ? ` + ${p.unknown} of unknown size` : ""}); there is no terminal to confirm on, so pass --yes to run it (or cut the list with --limit or --max-size).`,
	searchSummary: (p: { count: number; requests: number }) =>
		`${p.count} ${s(p.count, "model", "models")} found (${p.requests} ${s(p.requests, "request", "requests")}).`,
	searchNotDownloadable: () => "(early or paid access)",
	helpSearch: () => "search Civitai's models: a table of what was found, or --get to download it",
	helpArgWords: () => "the words to search for",
	helpArgTargetSources: () =>
		"URL, AIR, model:ID, version:V, a number, user:NAME or a creator's page, favorites:, an image (PNG, JPEG, WebP, workflow .json, /images/ID), or - for targets on standard input",
	helpOptAllVersions: () => "every downloadable version of each model (default: the newest one you can download)",
	helpOptTypes: () => "only these Civitai model types, comma-separated, e.g. LORA,Checkpoint (default: all)",
	helpOptBaseModels: () => 'only versions for these base models, comma-separated, e.g. "SDXL 1.0,Pony" (default: all)',
	helpOptListLimit: () => "at most this many models from each creator, favorites or search (default: all)",
	helpOptSearchLimit: () => "at most this many models (default: 20)",
	helpOptMaxSize: () => "keep the list within this total size, e.g. 20GB (default: no limit)",
	helpOptTag: () => "only models with this tag",
	helpOptSort: () => "order: Highest Rated, Most Downloaded, Most Liked, Most Discussed, Most Collected, Most Images, Newest, Oldest",
	helpOptPeriod: () => "the period the order counts: AllTime, Year, Month, Week, Day",
	helpOptNsfw: () => "include mature models (default: left out)",
	helpOptGet: () => "download what was found (with get's options)",
	helpOptGetYes: () => "do not ask before a list of more than 20 items or 20 GiB (default: ask on a terminal)",
	helpExSearch: () =>
		'  civitai-dl search "pixel art" --types LORA --base-models "SDXL 1.0"   a table of what Civitai has\n  civitai-dl search "pixel art" --types LORA --json | civitai-dl get - --dry-run   what get would take',
	// the report page and the run log (issue 29)
	reportTitle: () => "civitai-dl library",
	reportMade: (p: { time: string; history: string }) => `Made ${p.time} from ${p.history}`,
	reportChecks: (p: { verified: string; outdated: string }) => `Last verify: ${p.verified} · last outdated: ${p.outdated}`,
	reportNever: () => "never",
	reportTileModels: () => "models",
	reportTileDisk: () => "on disk",
	reportTileVerified: () => "verified",
	reportTileNotChecked: () => "not checked",
	reportTileBroken: () => "to download again",
	reportTileNewer: () => "with a newer version",
	reportTileFailed: () => "failed last time",
	reportByType: () => "By type",
	reportByBase: () => "By base model",
	reportBarValue: (p: { count: number; size: string }) => `${p.count} ${s(p.count, "file", "files")} · ${p.size}`,
	reportOther: () => "others",
	reportUnknownBase: () => "unknown base model",
	reportLibrary: () => "The library",
	reportSearch: () => "Search names, files, trained words",
	reportFilterType: () => "Type",
	reportFilterBase: () => "Base model",
	reportFilterStatus: () => "Status",
	reportAll: () => "All",
	reportSort: () => "Sort",
	reportSortAttention: () => "Needs attention first",
	reportSortName: () => "Name",
	reportSortSize: () => "Size, largest first",
	reportSortDate: () => "Date, newest first",
	reportShown: (p: { shown: string; total: string }) => `${p.shown} of ${p.total} shown`,
	reportNoMatch: () => "No model matches these filters.",
	reportEmpty: () => "The history is empty: nothing has been downloaded or imported yet.",
	reportStatusVerified: () => "verified",
	reportStatusNotChecked: () => "not checked",
	reportStatusMissing: () => "missing",
	reportStatusSizeMismatch: () => "size mismatch",
	reportStatusHashMismatch: () => "hash mismatch",
	reportStatusNewer: () => "newer version",
	reportStatusFailedLast: () => "failed last time",
	reportStatusBroken: () => "to download again (missing or mismatch)",
	reportNewerDetail: (p: { version: string; date: string }) => `Newer: ${p.version} (${p.date})`,
	reportFailedDetail: (p: { kind: string; reason: string }) => `Last run: ${p.kind}: ${p.reason}`,
	reportNights: () => "The runs",
	reportOlderRuns: (p: { count: number }) => `${p.count} older ${s(p.count, "run", "runs")}`,
	reportNoRuns: () => "No run recorded yet: get, redownload, update, import, verify and outdated each add a line here.",
	reportColDate: () => "Date",
	reportColCommand: () => "Command",
	reportColDownloaded: () => "Downloaded",
	reportColBytes: () => "Bytes",
	reportColSkipped: () => "Skipped",
	reportColFailed: () => "Failed",
	reportColRateLimited: () => "429s",
	reportColParked: () => "Parked",
	reportColChecked: () => "Checked",
	reportColDuration: () => "Duration",
	reportColResult: () => "Result",
	reportChecked: (p: { checked: string; found: string }) => `${p.checked} checked, ${p.found} found`,
	reportExit: (p: { code: number }) => `exit ${p.code}`,
	reportExitStopped: (p: { code: number; reason: string }) => `exit ${p.code} (stopped: ${p.reason})`,
	reportLastRun: (p: { command: string; date: string }) => `The last run: ${p.command}, ${p.date}`,
	reportNoFailures: () => "Nothing failed.",
	reportMoreFailures: (p: { count: number }) => `and ${p.count} more (see the failed list)`,
	reportRerun: () => "Run them again:",
	reportWritten: (p: { path: string }) => `The report is ${p.path}`,
	reportOpened: (p: { command: string }) => `Handed it to ${p.command}, which opens it in your default browser.`,
	reportOpenFailed: (p: { path: string; reason: string }) => `Could not open ${p.path} (${p.reason}); open it in a browser yourself.`,
	warnRunLog: (p: { path: string; reason: string }) => `The run log ${p.path} was not written: ${p.reason}`,
	warnKeep: (p: { path: string; reason: string }) => `What this check found was not kept for the report in ${p.path}: ${p.reason}`,
	scheduleReport: (p: { path: string }) => `The report: ${p.path}`,
	historyReport: (p: { path: string }) => `As a page with previews and status: civitai-dl report (writes ${p.path})`,
	helpReport: () => "write the library as one HTML page: previews, status, totals and the runs (works offline)",
	helpOptReportOut: () => "where to write the page (default: civitai-dl-report.html next to the history)",
	helpOptReportOpen: () => "open the page in the system's browser afterwards",
	helpOptReportCheck: () => "verify every file and ask Civitai for newer versions first (as verify and outdated do)",
	helpExReport: () =>
		"  civitai-dl report --open                 write the page next to the history and open it\n  civitai-dl report --check --out lib.html   hash every file and ask Civitai first",
};

export type Messages = typeof en;
