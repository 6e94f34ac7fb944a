// Runs a warden sub-command in process and returns what it printed on stdout.
import { Command } from 'commander';

/** `register` adds the command(s) under test to a fresh program; `args` are what a user types after `warden`. */
export async function runCli(register: (program: Command) => void, args: readonly string[]): Promise<string> {
  const program = new Command('warden').exitOverride();
  register(program);
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync([...args], { from: 'user' });
  } finally {
    process.stdout.write = write;
  }
  return out;
}
