// The subcommands of `blastdoor`: one module each, registered here as data.
import { parseArgs } from 'node:util';
import { runCheck } from './check';

export interface CliCommand {
  name: string;
  /** Lines for `blastdoor help`: the synopsis first, then what it does. */
  usage: string;
  run(args: string[]): Promise<number>;
}

const check: CliCommand = {
  name: 'check',
  usage: `blastdoor check [--cwd DIR] [--json] -- <command line>
      Analyse a shell command. Exit 0 allow, 3 confirm, 4 deny, 2 bad usage or input.
  blastdoor check --jsonl
      Read {"command": "...", "cwd"?: "...", "env"?: {...}} per stdin line; write one verdict per line.`,
  run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        cwd: { type: 'string' },
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
      },
    });
    return runCheck({ cwd: values.cwd ?? process.cwd(), json: values.json ?? false, jsonl: values.jsonl ?? false, command: positionals });
  },
};

// Each further subcommand module exports a CliCommand; add it to this list (one line per module).
export const COMMANDS: readonly CliCommand[] = [
  check,
  // <commands>
];
