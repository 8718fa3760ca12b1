import { isAbsolute, join, parse, relative, resolve, sep } from "node:path";

/**
 * How a folder's file system compares names. ext4 (and most Linux file systems) tell `Detail.safetensors`
 * from `detail.safetensors`; exFAT, FAT32, NTFS (as Windows uses it) and APFS/HFS+ (as macOS formats
 * them) do not: both names open one file. Which one a folder is is found out on the disk
 * (platform/folder-case.ts probes it once per run and folder), never guessed from the OS.
 */
export type NameCase = "sensitive" | "insensitive";

/**
 * A name as a case-insensitive file system compares it: each character by its simple upper case (one
 * code point to one, as the exFAT and NTFS up-case tables map them; `ß` stays `ß`), after Unicode NFC
 * (APFS also ignores the normal form). Folding more than the file system does is the safe side: two
 * names taken for one only cost the second its `<stem>_<versionId>` name.
 */
export function foldName(name: string): string {
	let out = "";
	for (const ch of name.normalize("NFC")) {
		const up = ch.toUpperCase();
		out += [...up].length === 1 ? up : ch;
	}
	return out;
}

/**
 * The key two paths share exactly when their folder's file system takes them for one file: the path
 * made absolute, and folded (`foldName`) on a case-insensitive folder.
 */
export function pathKey(path: string, nameCase: NameCase): string {
	const p = resolve(path);
	return nameCase === "insensitive" ? foldName(p) : p;
}

/** Whether `path` is `folder` or lies inside it, compared as a case-insensitive file system does (both absolute). */
export function insideFolded(path: string, folder: string): boolean {
	const rel = relative(foldName(resolve(folder)), foldName(resolve(path)));
	return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/**
 * The part of `path` that names `folder` (its first as many components), when `path` lies inside
 * `folder` compared case-insensitively: `/mnt/usb/LORA/x` in `/mnt/usb/lora` → `/mnt/usb/LORA`. The
 * caller asks the disk whether that spelling is really the folder (it is not when the difference lies
 * above the case-insensitive mount).
 */
export function folderSpelling(path: string, folder: string): string | undefined {
	if (!insideFolded(path, folder)) return undefined;
	const parts = (p: string) => {
		const full = resolve(p);
		const root = parse(full).root;
		return { root, names: full.slice(root.length).split(sep).filter(Boolean) };
	};
	const depth = parts(folder).names.length;
	const { root, names } = parts(path);
	return join(root, ...names.slice(0, depth));
}
