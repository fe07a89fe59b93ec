// The `blastdoor` command line.
import { setFlagsFromString } from 'node:v8';
import { PolicyError } from '../core/policy';
import { COMMANDS } from './commands';
import { EXIT, UsageError } from './io';

const USAGE = `usage:
${COMMANDS.map((command) => `  ${command.usage}`).join('\n')}
  blastdoor help`;

// A CLI process reads one command and exits. V8's tier-up of the grammar's huge lexer function to
// optimised code costs ~300 ms here, far more than the check itself; the baseline code is fast enough.
setFlagsFromString('--wasm-tiering-budget=1000000000');

async function main(argv: string[]): Promise<number> {
  const [subcommand, ...rest] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === subcommand);
  if (command) return command.run(rest);
  switch (subcommand) {
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return 0;
    case undefined:
      throw new UsageError('no subcommand given');
    default:
      throw new UsageError(`unknown subcommand "${subcommand}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`blastdoor: ${(error as Error).message}\n${USAGE}\n`);
    } else if (error instanceof PolicyError) {
      process.stderr.write(`blastdoor: invalid policy ${error.message}\n`);
    } else {
      process.stderr.write(`blastdoor: ${error instanceof Error ? error.message : String(error)}\n`);
      if (process.env.BLASTDOOR_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = EXIT.usage;
  },
);
