import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Text into HTML (issue 29): everything from outside (names, trained words, file names, reasons, paths)
 * goes through `esc` on its way into the page, in text and in attribute values alike (quoted with "),
 * so that `<img src=x onerror=…>` or `</script>` is shown as the characters it is.
 */
export function esc(value: string | number): string {
	return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A file's address from the page's folder: relative, each part percent-encoded, so that the page
 * shows it when opened from its folder (and when the folder moves with the files). A file on another
 * drive (Windows) gets its file: URL.
 */
export function hrefFrom(pageDir: string, file: string): string {
	const rel = relative(pageDir, file);
	if (rel === "" || isAbsolute(rel)) return pathToFileURL(file).href;
	return rel.split(sep).map(encodeURIComponent).join("/");
}
