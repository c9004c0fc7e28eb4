import { InvalidArgumentError, type Command, type Option } from 'commander';
import { didYouMean, suggestionFor } from '../config/did-you-mean';

/**
 * An option with `.choices()` whose refusal also names the choice that was probably meant
 * (`--profile happyfx`: `Allowed choices are happyfox, mojo, ...; did you mean happyfox?`), from the
 * flag and from its environment twin alike.
 */
export function suggestChoices(option: Option): Option {
  const choices = option.argChoices ?? [];
  const parse = option.parseArg;
  if (!parse) return option;
  option.parseArg = <T>(value: string, previous: T): T => {
    try {
      return parse(value, previous);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      throw new InvalidArgumentError(`${err.message.replace(/\.$/, '')}${suggestionFor(value, choices)}`);
    }
  };
  return option;
}

/**
 * `serve` is the default command, so commander hands it a mistyped command (`srve`) as an extra
 * argument and says `too many arguments for 'serve'`. A first word that is no command's name is
 * a mistyped command: its message, or undefined when the first word is fine.
 */
export function unknownCommandMessage(program: Command, args: readonly string[]): string | undefined {
  const [first] = args;
  if (first === undefined || first.startsWith('-')) return undefined;
  const names = [...program.commands.flatMap((c) => [c.name(), ...c.aliases()]), 'help'];
  if (names.includes(first)) return undefined;
  const guess = didYouMean(first, names);
  return `unknown command '${first}'${guess ? `; did you mean ${guess}?` : ''}\n(${program.name()} --help lists the commands: ${program.commands.map((c) => c.name()).join(', ')})`;
}
