// commander in Vietnamese: help titles and option notes, and every parse error turned into one
// `Lỗi [CODE]: …` line; an unknown command is answered with the closest command.
import { Command, Help, InvalidArgumentError, type Argument, type Option } from 'commander';
import { editDistance } from '../core/edit-distance.js';
import { CliError } from './cli-error.js';

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': 'Cách dùng:',
  'Options:': 'Tuỳ chọn:',
  'Arguments:': 'Tham số:',
  'Commands:': 'Lệnh:',
  'Global Options:': 'Tuỳ chọn chung:',
};

const usageWords = (text: string) => text.replaceAll('[options]', '[tuỳ chọn]').replaceAll('[command]', '[lệnh]');

/** A note like "(mặc định: table; chọn: table, json)" after a description, in commander's logic. */
function describe(description: string, choices: readonly string[] | undefined, defaultValue: unknown, showDefault: boolean, defaultText: string | undefined): string {
  const notes: string[] = [];
  if (choices) notes.push(`chọn: ${choices.join(', ')}`);
  if (showDefault && defaultValue !== undefined) notes.push(`mặc định: ${defaultText ?? String(defaultValue)}`);
  return notes.length ? `${description} (${notes.join('; ')})`.trim() : description;
}

/** Help overrides applied to every command (commander copies them to subcommands). */
const helpConfiguration: Partial<Help> = {
  styleTitle: (title: string) => TITLES[title] ?? title,
  styleUsage: (usage: string) => usageWords(usage),
  subcommandTerm(this: Help, cmd: Command) {
    return usageWords(Help.prototype.subcommandTerm.call(this, cmd));
  },
  optionDescription(option: Option) {
    const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
    return describe(option.description, option.argChoices, option.defaultValue, showDefault && option.defaultValue !== false, option.defaultValueDescription);
  },
  argumentDescription(argument: Argument) {
    return describe(argument.description, argument.argChoices, argument.defaultValue, true, argument.defaultValueDescription);
  },
};

/** The closest name within a small edit distance (a third of the word), or undefined. */
export function closestName(word: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = name.startsWith(word) || word.startsWith(name) ? Math.abs(name.length - word.length) : editDistance(word, name);
    if (distance <= Math.max(1, Math.floor(word.length / 3)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

const commandPath = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

const quoted = (text: string, pattern: RegExp): string => pattern.exec(text)?.[1] ?? '?';
const optionFlags = (cmd: Command, flags: string) => cmd.options.find((o) => o.flags === flags)?.long ?? flags;

/** The Vietnamese error for one of commander's parse errors, raised on `cmd`. */
export function commanderError(cmd: Command, message: string, code: string): CliError {
  const where = commandPath(cmd) ? `lệnh '${commandPath(cmd)}'` : 'dvc-sync';
  const help = `xem 'dvc-sync ${commandPath(cmd) ? `${commandPath(cmd)} ` : ''}--help'`;
  switch (code) {
    case 'commander.unknownOption': {
      const flag = quoted(message, /unknown option '([^']+)'/);
      const names = cmd.options.flatMap((o) => [o.long, o.short].filter((n): n is string => Boolean(n)));
      const suggestion = closestName(flag, names);
      return new CliError(`${where[0]!.toUpperCase()}${where.slice(1)} không có tuỳ chọn '${flag}'${suggestion ? `. Có phải ý bạn là '${suggestion}'?` : `; ${help}`}`, 'UNKNOWN_OPTION', 2);
    }
    case 'commander.missingArgument': {
      const name = quoted(message, /argument '([^']+)'/);
      const argument = cmd.registeredArguments.find((a) => a.name() === name);
      return new CliError(`${where[0]!.toUpperCase()}${where.slice(1)} cần tham số <${name}${argument?.variadic ? '...' : ''}>${argument?.description ? ` (${argument.description})` : ''}; ${help}`, 'MISSING_ARGUMENT', 2);
    }
    case 'commander.optionMissingArgument':
      return new CliError(`Tuỳ chọn ${optionFlags(cmd, quoted(message, /option '([^']+)'/))} cần một giá trị; ${help}`, 'MISSING_OPTION_VALUE', 2);
    case 'commander.missingMandatoryOptionValue': {
      const flags = quoted(message, /option '([^']+)'/);
      const option = cmd.options.find((o) => o.flags === flags);
      return new CliError(`${where[0]!.toUpperCase()}${where.slice(1)} cần tuỳ chọn ${flags}${option?.description ? ` (${option.description})` : ''}`, 'MISSING_OPTION', 2);
    }
    case 'commander.invalidArgument': {
      // "option '--x <v>' argument 'a' is invalid. …" or "command-argument value 'a' is invalid for argument 'id'. …"
      const argument = /for argument '([^']+)'/.exec(message)?.[1];
      const subject = argument ? `tham số <${argument}>` : optionFlags(cmd, quoted(message, /option '([^']+)'/));
      const value = quoted(message, /(?:argument|value) '([^']*)' is invalid/);
      const choices = /Allowed choices are (.*)\.$/.exec(message)?.[1];
      const reason = choices ? `chọn một trong: ${choices}` : message.replace(/^.*? is invalid(?: for argument '[^']+')?\.\s*/, '');
      return new CliError(`Giá trị '${value}' của ${subject} không hợp lệ; ${reason}`, choices ? 'INVALID_CHOICE' : 'INVALID_VALUE', 2);
    }
    case 'commander.excessArguments': {
      const extra = cmd.args.slice(cmd.registeredArguments.length);
      return new CliError(`${where[0]!.toUpperCase()}${where.slice(1)} không nhận thêm tham số ${extra.map((a) => `'${a}'`).join(', ')}; ${help}`, 'TOO_MANY_ARGUMENTS', 2);
    }
    case 'commander.unknownCommand':
      return unknownCommand(cmd, cmd.args[0] ?? '?');
    default:
      return new CliError(`Dòng lệnh không đúng; ${help}`, 'BAD_COMMAND_LINE', 2);
  }
}

function unknownCommand(group: Command, word: string): CliError {
  const prefix = commandPath(group) ? `${commandPath(group)} ` : '';
  const suggestion = closestName(word, group.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  return new CliError(
    `Không có lệnh '${prefix}${word}'.${suggestion ? ` Có phải ý bạn là '${prefix}${suggestion}'?` : ` Xem 'dvc-sync ${prefix}--help' để biết các lệnh.`}`,
    'UNKNOWN_COMMAND',
    2,
  );
}

/**
 * Refuses an unknown command name before commander hands it to a default command (which would answer
 * "too many arguments"); walks nested command groups.
 * @example checkCommandNames(program, ['snapshot']) // throws "Không có lệnh 'snapshot'. Có phải ý bạn là 'snapshots'?"
 */
export function checkCommandNames(group: Command, args: readonly string[]): void {
  const word = args[0];
  if (!word || word.startsWith('-') || !group.commands.length) return;
  const sub = group.commands.find((c) => c.name() === word || c.aliases().includes(word));
  if (sub) return checkCommandNames(sub, args.slice(1));
  if (word === 'help') return;
  throw unknownCommand(group, word);
}

/** A Command whose parse errors are Vietnamese CliErrors and whose help is Vietnamese. */
export class CliCommand extends Command {
  override createCommand(name?: string): Command {
    return new CliCommand(name);
  }

  override error(message: string, options?: { code?: string; exitCode?: number }): never {
    throw commanderError(this, message, options?.code ?? 'commander.error');
  }
}

/**
 * The program root, configured for Vietnamese output through `write`.
 * @example const program = vietnameseProgram('dvc-sync', (s) => io.out(s), (s) => io.err(s))
 */
export function vietnameseProgram(name: string, writeOut: (text: string) => void, writeErr: (text: string) => void): CliCommand {
  const program = new CliCommand(name);
  program
    .configureOutput({ writeOut, writeErr, outputError: (text, write) => write(text) })
    .configureHelp(helpConfiguration)
    .helpOption('-h, --help', 'hiện trợ giúp này')
    .helpCommand('help [lệnh]', 'hiện trợ giúp của một lệnh')
    .exitOverride()
    .showHelpAfterError(false)
    .showSuggestionAfterError(true);
  return program;
}

/**
 * A value parser for commander options that reports a bad value in Vietnamese (commander names the option).
 * @example new Option('--limit <n>').argParser(positiveInt)
 */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`cần số nguyên dương`);
  return n;
}
