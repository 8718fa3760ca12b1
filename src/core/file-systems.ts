/**
 * What a file system cannot hold, known before a download starts. FAT32 (still the format of many USB
 * sticks and SD cards) keeps a file's size in 32 bits: 4 GiB less one byte at most, less than many
 * checkpoints. Linux says a folder is on FAT by its statfs type (MSDOS_SUPER_MAGIC, for vfat and msdos
 * alike); other systems (and FAT through FUSE) do not tell, and a file too big then fails with EFBIG
 * while it is written, in words that name the limit.
 */

/** Linux's statfs type of FAT12/16/32 (the kernel's vfat and msdos drivers). */
export const FAT_STATFS_TYPE = 0x4d44;

/** The largest file FAT32 can hold. */
export const FAT32_MAX_BYTES = 4 * 1024 ** 3 - 1;

/** The largest file a folder's file system (by its statfs type, on `platform`) holds; undefined: no limit known. */
export function maxFileBytes(statfsType: number | undefined, platform: NodeJS.Platform): number | undefined {
	return platform === "linux" && statfsType === FAT_STATFS_TYPE ? FAT32_MAX_BYTES : undefined;
}

/** Whether a file of `size` bytes is over the folder's limit (a size not known is not). */
export function tooBigFor(size: number | undefined, maxBytes: number | undefined): boolean {
	return size !== undefined && maxBytes !== undefined && size > maxBytes;
}
