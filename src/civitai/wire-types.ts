/** The parts of Civitai's JSON that civitai-dl reads. Every field optional: the API drops empty ones. */
export interface WireFile {
	id: number;
	name?: string;
	sizeKB?: number;
	type?: string;
	primary?: boolean;
	metadata?: { format?: string | null; size?: string | null; fp?: string | null };
	hashes?: Record<string, string>;
	downloadUrl?: string;
}

export interface WireVersion {
	id: number;
	modelId?: number;
	name?: string;
	baseModel?: string;
	model?: { name?: string; type?: string; mode?: string };
	files?: WireFile[];
	air?: string;
}

export interface WireModel {
	id: number;
	name?: string;
	type?: string;
	mode?: string;
	modelVersions?: WireVersion[];
}
