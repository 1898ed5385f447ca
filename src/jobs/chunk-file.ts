/** What a chunk's encrypted file is bound to (associated data), so that it cannot be moved to another chunk. */
export const chunkFileContext = (jobId: string, index: number) => `user-import:${jobId}:${index}`;
