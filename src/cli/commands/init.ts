// `render init [FOLDER]`: a starter storyboard (with the `$schema` line editors read) and .gitignore entries for the
// cache and output folders. It never overwrites: an existing storyboard is an error naming it; an existing
// .gitignore only gets the lines it lacks.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RenderError } from '../../common/errors.js';
import { ExitCode } from '../../common/exit-codes.js';
import { fsUserError, isFsErrno } from '../../common/fs-errors.js';
import type { CommandContext } from '../io.js';
import { gitignoreAddition, starterName, starterStoryboard } from '../init/starter.js';
import { providerConfigurations } from '../providers-configured.js';
import type { InitFlags } from './options.js';

/** The schema this package ships (dist/cli/commands/ and src/cli/commands/ are both three levels below the root). */
const schemaFile = fileURLToPath(new URL('../../../schemas/storyboard.schema.json', import.meta.url));

export async function run({ args, io }: CommandContext<InitFlags>): Promise<number> {
  const folder = path.resolve(io.cwd, args[0] ?? '.');
  const storyboardFile = path.join(folder, 'storyboard.yaml');
  const shown = path.relative(io.cwd, storyboardFile) || storyboardFile;
  await mkdir(folder, { recursive: true }).catch((error: unknown) => rethrowFs(error, folder));
  const providers = providerConfigurations(io.env).filter((p) => p.configured).map((p) => p.provider);
  const schemaPath = path.relative(folder, schemaFile).split(path.sep).join('/');
  const text = starterStoryboard({ providers, schemaPath, name: starterName(path.basename(folder)) });
  try {
    // 'wx': fails if the file exists, in the same call that creates it (no window between a check and the write).
    await writeFile(storyboardFile, text, { flag: 'wx' });
  } catch (error) {
    if (isFsErrno(error) && error.code === 'EEXIST') {
      throw new RenderError('INIT_FILE_EXISTS', 'this file already exists, and render init never overwrites a file', {
        location: { file: shown },
        hint: 'give another folder (render init FOLDER), or move the file away first',
      });
    }
    rethrowFs(error, storyboardFile);
  }
  const gitignore = path.join(folder, '.gitignore');
  const existing = await readFile(gitignore, 'utf8').catch((error: unknown) => (isFsErrno(error) && error.code === 'ENOENT' ? undefined : rethrowFs(error, gitignore)));
  const addition = gitignoreAddition(existing);
  if (addition) await appendFile(gitignore, addition).catch((error: unknown) => rethrowFs(error, gitignore));
  const shownDir = path.relative(io.cwd, folder) || '.';
  const on = providers.length ? providers.join(', ') : 'openai (no provider key is set; --provider sim renders it offline)';
  io.stdout(
    [
      `wrote ${shown}: one shot on each of ${on}`,
      addition ? `${existing === undefined ? 'wrote' : 'added to'} ${path.join(shownDir, '.gitignore')}: .render/ (the cache) and out/ (the renders)` : `${path.join(shownDir, '.gitignore')} already ignores .render/ and out/`,
      'next:',
      `  render validate ${shown}`,
      `  render ${shown} --provider sim      # offline, on the built-in simulator, no cost`,
      `  render plan ${shown}                # what a real run would cost`,
      '',
    ].join('\n'),
  );
  return ExitCode.ok;
}

function rethrowFs(error: unknown, where: string): never {
  if (isFsErrno(error)) throw fsUserError(error, where, 'render init cannot write the starter files');
  throw error;
}
