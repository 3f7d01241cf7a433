/**
 * The command: flags first; in a terminal it asks for what they left out, never elsewhere (a CI
 * job or a script waiting on a question would hang, so a missing flag there is an error).
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createStarter, nextSteps, UsageError } from "./create.js";
import { FRAMEWORK_NAMES, FRAMEWORKS, type Framework, isFramework } from "./frameworks.js";

export const USAGE = `Usage: npm create safe-session@latest [folder] -- --framework <${FRAMEWORK_NAMES.join("|")}> [--force]
       (or: npx create-safe-session [folder] --framework <...>)

Writes a starter app on safe-session into [folder]: the repository's example for the framework,
with the published @safe-session/* versions and a fresh AUTH_SECRET in its env file.

  -f, --framework  ${FRAMEWORK_NAMES.map((name) => `${name} (${FRAMEWORKS[name].label})`).join(", ")}
      --force      write into a folder that is not empty (an env file there is kept)
  -h, --help       this text

In a terminal, a missing folder or framework is asked for; otherwise both are required.`;

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether a person is there to answer: stdin and stdout are a terminal. */
  interactive: boolean;
  cwd: string;
  /** The built templates (tests); the package's own by default. */
  templates?: string;
}

interface Answers {
  dir?: string | undefined;
  framework?: string | undefined;
}

function parse(argv: string[]): Answers & { force: boolean; help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        framework: { type: "string", short: "f" },
        force: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (positionals.length > 1) throw new UsageError(`One folder, not ${positionals.length}: ${positionals.join(" ")}`);
    return {
      dir: positionals[0],
      framework: values.framework,
      force: values.force ?? false,
      help: values.help ?? false,
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

async function ask(io: Io, answers: Answers): Promise<{ dir: string; framework: string }> {
  const readline = createInterface({ input: io.stdin, output: io.stdout, terminal: true });
  try {
    let { framework, dir } = answers;
    while (framework === undefined || !isFramework(framework)) {
      const list = FRAMEWORK_NAMES.map((name, index) => `  ${index + 1}. ${name}: ${FRAMEWORKS[name].label}`).join(
        "\n",
      );
      const answer = (
        await readline.question(`Framework?\n${list}\nChoose 1-${FRAMEWORK_NAMES.length} or a name [1]: `)
      ).trim();
      framework = answer === "" ? FRAMEWORK_NAMES[0] : (FRAMEWORK_NAMES[Number(answer) - 1] ?? answer);
    }
    while (!dir) dir = (await readline.question("Folder for the app [my-app]: ")).trim() || "my-app";
    return { dir, framework };
  } finally {
    readline.close();
  }
}

/** Runs the command; the exit code (0 written, 1 a usage mistake or a refused folder). */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const { force, help, ...given } = parse(argv);
    if (help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    let answers: Answers = given;
    if (answers.framework !== undefined && !isFramework(answers.framework)) {
      throw new UsageError(`Unknown framework "${answers.framework}": choose ${FRAMEWORK_NAMES.join(", ")}.`);
    }
    if (answers.dir === undefined || answers.framework === undefined) {
      if (!io.interactive) {
        const missing = [
          answers.dir === undefined ? "a folder" : "",
          answers.framework === undefined ? "--framework" : "",
        ].filter(Boolean);
        throw new UsageError(`Missing ${missing.join(" and ")} (no terminal to ask in).`);
      }
      answers = await ask(io, answers);
    }
    const created = createStarter({
      framework: answers.framework as Framework,
      dir: answers.dir as string,
      force,
      cwd: io.cwd,
      ...(io.templates ? { templates: io.templates } : {}),
    });
    io.stdout.write(`${nextSteps(created, io.cwd)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`create-safe-session: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
}
