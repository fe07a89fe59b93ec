// The reader the script expanders are given: a file's text, or undefined when it cannot be read.

export type ReadText = (file: string) => string | undefined;
