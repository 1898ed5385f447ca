/** Where commands write for the person at the terminal (stdout), kept apart from the service log. */
export const cliOut = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** A failure the command reports as one line on stderr with exit status 1, without a stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
