import { stat } from "node:fs/promises";

/** Whether anything (file, folder, link target) is at `path`; an unreadable path counts as absent. */
export async function exists(path: string): Promise<boolean> {
	return stat(path).then(
		() => true,
		() => false,
	);
}
