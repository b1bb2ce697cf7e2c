/**
 * A failure an operator can act on (a refused target, a missing tool, a corrupt backup). The CLI
 * prints its message without a stack trace; anything else is a bug and keeps its stack.
 */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsError';
  }
}
