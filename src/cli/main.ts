// The `brian2lava` command line: one subcommand per file in this folder.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import { configureColor, EXIT, Output, type OutputOptions } from './io.js';
import { UsageError } from './load.js';
import { TARGET_NAMES, UnknownTarget } from '../4-targets/registry.js';
import { LAVA_PROTOCOLS } from '../4-targets/target.js';

// registry.ts and target.ts are light (names and texts): a target's passes are loaded when it is used.
const protocolOption = () =>
  new Option('--lava-protocol <protocol>', "Lava protocol of the cpu backend's single process: async (fastest) or loihi (lockstep); default async").choices(
    LAVA_PROTOCOLS,
  );

// Commands are imported when they run: `check` then never loads the Lava runner (execa) or the
// environment manager, which keeps its start-up short (see bench/check-time.mjs).

function output(o: OutputOptions): Output {
  configureColor(o);
  return new Output(o);
}

function integer(v: string, what: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${what} takes a whole number, not '${v}'`);
  return Number(v);
}

/** `--brian2`: auto or a version number as pip writes it (2.5.4, 2.7.1.post1). */
function brian2Spec(v: string): string {
  if (v !== 'auto' && !/^\d+(\.\d+){1,3}(\.?(post|rc|b)\d+)?$/.test(v))
    throw new InvalidArgumentError(`expected 'auto' or a Brian2 version such as 2.5.4, not '${v}'`);
  return v;
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number of seconds, not '${v}'`);
  return n;
}

const common = (c: Command) =>
  c
    .option('--json', 'machine-readable output (JSON lines on stdout)')
    .option('-q, --quiet', 'print only errors')
    .option('-v, --verbose', 'print more detail')
    .option('--no-color', 'no colours (NO_COLOR is honoured too)');

export async function main(argv: string[]): Promise<number> {
  const program = new Command();
  let code: number = EXIT.ok;
  program
    .name('brian2lava')
    .description('Convert Brian2 spiking-network scripts into Lava projects, without executing them.')
    .version(VERSION)
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Output: results on stdout (with --json: one JSON object per model), progress and errors on stderr.
Exit codes: 0 ok, 1 model rejected or (verify) not conforming, 2 usage error, 3 runtime failure
(Python environment, Lava or Brian2), 130/143/129 ended by Ctrl-C/SIGTERM/SIGHUP (partial results
kept). With several models the largest code wins.`,
    );

  common(
    program
      .command('convert')
      .description('write the Lava project of each model')
      .argument('<models...>', 'Brian2 model scripts')
      .option('-o, --output <dir>', 'write each project to DIR/<model name>/ (default: <model name>_lava/ beside the model)')
      .option('--force', 'replace a project brian2lava made from another script (never a folder it did not make; earlier results are kept under runs/)')
      .option('--force-size', 'convert and run even when the estimated memory exceeds what is available')
      .option('--emit-ir', 'print the model IR as JSON instead of writing a project')
      .option('--explain', 'print the chosen integration method and update code of each group')
      .addOption(new Option('--backend <backend>', 'target').choices(TARGET_NAMES).default('cpu'))
      .addOption(protocolOption()),
  ).action(async (models: string[], o) => {
    const { convertCommand } = await import('./convert.js');
    code = await convertCommand(models, o, output(o));
  });

  common(
    program
      .command('run')
      .description('convert models, run them with Lava, write results.json and plots (raster.png, traces.png)')
      .argument('<models...>', 'Brian2 model scripts (run one after the other)')
      .option('-o, --output <dir>', 'write each project to DIR/<model name>/ (default: <model name>_lava/ beside the model)')
      .option('--force', 'replace a project brian2lava made from another script (never a folder it did not make; earlier results are kept under runs/)')
      .option('--force-size', 'convert and run even when the estimated memory exceeds what is available')
      .option('--explain', 'print the update code of each group')
      .addOption(new Option('--backend <backend>', 'where to run').choices(TARGET_NAMES).default('cpu'))
      .addOption(protocolOption())
      .option('--python <path>', 'Python with lava-nc to use (default: the managed environment; also BRIAN2LAVA_PYTHON)')
      .option('--timeout <seconds>', 'stop a Lava run after this wall time', seconds, 0)
      .option(
        '--seed <n>',
        "cpu: seed numpy's random generator first, as brian2.seed(n) before the script (default: fresh entropy, recorded in results.json)",
        (v) => integer(v, '--seed'),
      )
      .option('--no-plots', 'do not draw raster.png / traces.png / rates.png'),
  ).action(async (models: string[], o) => {
    const { runCommand } = await import('./run.js');
    code = await runCommand(models, o, output(o));
  });

  common(
    program
      .command('verify')
      .description('run models on Brian2 and on Lava and compare every monitor (exit 1 if outside tolerance)')
      .argument('<models...>', 'Brian2 model scripts (executed with Brian2: that is the reference)')
      .option('-o, --output <dir>', 'write each project to DIR/<model name>/ (default: <model name>_lava/ beside the model)')
      .option('--force', 'replace a project brian2lava made from another script (never a folder it did not make; earlier results are kept under runs/)')
      .option('--force-size', 'convert and run even when the estimated memory exceeds what is available')
      .addOption(new Option('--backend <backend>', 'where the Lava side runs').choices(TARGET_NAMES).default('cpu'))
      .addOption(
        new Option(
          '--mode <mode>',
          'comparison rules (default: chosen from the model: exact when it draws no random numbers or reproduces them, else stats; fixed on Loihi 2)',
        ).choices(['exact', 'stats', 'fixed']),
      )
      .option('--seed <n>', 'start both runs from this seed (brian2.seed(n) / numpy before the script; default: one verify picks and prints)', (v) =>
        integer(v, '--seed'),
      )
      .option('--python <path>', 'Python with lava-nc to use (default: the managed environment); its Brian2 is the reference when it has one')
      .option(
        '--brian2 <version>',
        "Brian2 to compare with: auto (the --python's own, else the managed 2.5.4) or a version (installed into a managed environment when no given Python has it)",
        brian2Spec,
        'auto',
      )
      .option('--timeout <seconds>', 'stop each run (Brian2, Lava) after this wall time', seconds, 0)
      .option('--no-plots', 'write verify.json only, no HTML report with pictures'),
  ).action(async (models: string[], o) => {
    const { verifyCommand } = await import('./verify.js');
    code = await verifyCommand(models, o, output(o));
  });

  common(
    program
      .command('check')
      .description('parse and analyse models without writing anything (exit 1 if one is rejected)')
      .argument('<models...>', 'Brian2 model scripts')
      .addOption(new Option('--backend <backend>', 'validate for this target, as convert and run do').choices(TARGET_NAMES).default('cpu')),
  ).action(async (models: string[], o) => {
    const { checkCommand } = await import('./check.js');
    code = await checkCommand(models, o, output(o));
  });

  common(
    program
      .command('setup')
      .description('create or repair the managed Python environment with lava-nc')
      .option('--python <path>', 'check an existing interpreter instead')
      .option('--force', 'rebuild the environment from scratch')
      .option('--brian2', 'also install brian2 (for verify)')
      .option('--plots', 'also install matplotlib (for plots)'),
  ).action(async (o) => {
    const { setupCommand } = await import('./setup.js');
    code = await setupCommand(o, output(o));
  });

  common(
    program
      .command('doctor')
      .description('report versions of Node, Python, lava-nc, numpy, brian2 and where the environment is')
      .option('--python <path>', 'inspect this interpreter instead of the managed environment'),
  ).action(async (o) => {
    const { doctorCommand } = await import('./setup.js');
    code = await doctorCommand(o, output(o));
  });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (e instanceof UsageError || e instanceof UnknownTarget) {
      output({}).error(e.message, e.hint);
      return EXIT.usage;
    }
    throw e;
  }
  return code;
}
