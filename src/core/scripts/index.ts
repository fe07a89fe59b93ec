// `npm run x`, `yarn x`, `pnpm x`, `bun run x`, `make x`, `just x` and `task x` run text written elsewhere:
// read the package.json script (with workspaces and install-time scripts), Makefile recipe, justfile recipe
// or Taskfile task from the working directory and hand it on to be analysed.
import type { Expander } from '../shellReader';
import { justExpansion } from './just';
import { makeExpansion } from './make';
import { npmExpansion, runnerExpansion } from './packageManagers';
import type { ReadText } from './readText';
import { taskExpansion } from './taskfile';

export function createScriptExpander(readText: ReadText): Expander {
  return (inv, context) => {
    switch (inv.program) {
      case 'npm':
        return npmExpansion(inv, context, readText);
      case 'yarn':
      case 'pnpm':
      case 'bun':
        return runnerExpansion(inv, context, readText);
      case 'make':
      case 'gmake':
        return makeExpansion(inv, context, readText);
      case 'just':
        return justExpansion(inv, context, readText);
      case 'task':
      case 'go-task':
        return taskExpansion(inv, context, readText);
      default:
        return [];
    }
  };
}
