export function collapseScimSlashes(url: string): string;
