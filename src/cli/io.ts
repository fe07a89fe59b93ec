// Exit codes and output helpers shared by the CLI's commands.

export const EXIT = { allow: 0, confirm: 3, deny: 4, usage: 2 } as const;

/** Bad usage or input: printed with the usage line, exit 2. */
export class UsageError extends Error {}

/** Writes and waits until the data is handed to the OS, so piped readers see each line at once. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
