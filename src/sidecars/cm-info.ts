import type { WireVersion } from "../civitai/wire-types.js";
import { asSha256 } from "../core/sha256.js";
import { fileOf, versionFields } from "./version-fields.js";

/**
 * `<base>.cm-info.json`, StabilityMatrix's connected-model file (`ConnectedModelInfo.cs`, PascalCase).
 * `Hashes.BLAKE3` comes from the API: StabilityMatrix's update check compares it, and without it
 * reports an update forever. `Source` is left out (an enum without a string converter; absent means Civitai).
 */
export function cmInfo(v: WireVersion, fileId: number, opts: { sha256?: string | undefined; importedAt: Date }): Record<string, unknown> {
	const f = versionFields(v);
	const file = fileOf(v, fileId);
	const h = file?.hashes ?? {};
	const sha256 = h.SHA256 ?? opts.sha256;
	const meta = file?.metadata;
	const fileMetadata = Object.fromEntries(
		(["fp", "size", "format"] as const).filter((k) => typeof meta?.[k] === "string").map((k) => [k, meta?.[k]]),
	);
	return {
		ModelId: v.modelId ?? 0,
		ModelName: v.model?.name ?? "",
		ModelDescription: "",
		Nsfw: f.nsfw ?? false,
		Tags: [],
		ModelType: v.model?.type ?? "Other",
		VersionId: v.id,
		VersionName: v.name ?? "",
		VersionDescription: f.description,
		BaseModel: v.baseModel ?? "",
		...(file?.name ? { RemoteFileName: file.name } : {}),
		...(file ? { RemoteFileId: file.id } : {}),
		FileMetadata: fileMetadata,
		ImportedAt: opts.importedAt.toISOString(),
		Hashes: {
			...(sha256 ? { SHA256: asSha256(sha256) } : {}),
			...(h.CRC32 ? { CRC32: h.CRC32 } : {}),
			...(h.BLAKE3 ? { BLAKE3: h.BLAKE3 } : {}),
		},
		TrainedWords: f.trainedWords,
	};
}
