/**
 * A reason to stop the run: the directory or the service cannot be reached, a bind or a token is
 * refused. The CLI prints the message alone (it never holds a password or a token) and exits 3.
 */
export class AgentStop extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentStop';
  }
}
