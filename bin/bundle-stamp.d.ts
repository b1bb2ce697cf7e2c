export const ROOT: string;
export const BUNDLE: string;
export const STAMP: string;
export function sourceStamp(root?: string): string;
export function bundleIsCurrent(): boolean;
