import type { CommandRule } from './rule';

export const rules: readonly CommandRule[] = [];
