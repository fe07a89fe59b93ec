// Shared by the kubectl, helm and GitOps rules (kubernetes.ts, helm.ts, gitops.ts): pflag option values, kubeconfig
// file names as environment hints, and whether help was asked for.
import path from 'node:path';
import { isInformational, optionValue } from './args';

export function value(args: readonly string[], names: readonly string[]): string | undefined {
  return optionValue(args, names)?.replace(/^=/, '');
}

/** Boolean pflag options: `--force`, `--force=true`; `--force=false` turns it off. */
export function flagOn(args: readonly string[], name: string): boolean {
  let on = false;
  for (const arg of args) {
    if (arg === '--') break;
    if (arg === name || arg === `${name}=true`) on = true;
    else if (arg === `${name}=false`) on = false;
  }
  return on;
}

/** Kubeconfig paths (KUBECONFIG may list several) without the home prefix, whose user name could read as an environment. */
export function kubeconfigNames(value: string, home: string | undefined): string[] {
  return value
    .split(path.delimiter)
    .filter(Boolean)
    .map((file) => (home && file.startsWith(`${home}/`) ? file.slice(home.length + 1) : file.replace(/^~\//, '')));
}

export function helpAsked(args: readonly string[]): boolean {
  return isInformational(args) || args.includes('-h') || args[0] === 'help' || args[0] === 'explain';
}
