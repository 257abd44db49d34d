// Every error code render reports, in one closed table: the exit code it ends a command with and what it means.
// Throw sites name a code; the exit code comes from here. Shot codes end a shot, not the command: the run exits 1.
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

export interface ErrorCodeSpec {
  exit: ExitCodeValue;
  meaning: string;
}

const invalid = (meaning: string): ErrorCodeSpec => ({ exit: ExitCode.invalid, meaning });
const failed = (meaning: string): ErrorCodeSpec => ({ exit: ExitCode.failed, meaning });
const fileSystem = (meaning: string): ErrorCodeSpec => ({ exit: ExitCode.fileSystem, meaning });

export const errorCodes = {
  // Usage and environment
  USAGE: invalid('a flag, argument or environment variable is not valid'),
  SIM_OPTION: invalid('a `render sim` flag is out of range'),
  SIM_PORT_IN_USE: failed('the simulator port is taken by another process'),
  INIT_FILE_EXISTS: invalid('`render init` found the storyboard it would write already there (it never overwrites)'),
  API_KEY_MISSING: invalid('the provider key (OPENAI_API_KEY, FAL_KEY, ...) is not set'),
  BASE_URL_INVALID: invalid('the provider base URL is not an http(s) URL'),
  BASE_URL_CREDENTIALS: invalid('the provider base URL carries a user name or password'),
  FFMPEG_MISSING: invalid('ffmpeg or ffprobe cannot be found or run'),
  INTERRUPTED: { exit: ExitCode.interrupted, meaning: 'stopped by a signal (Ctrl-C, SIGTERM, SIGHUP); the next run resumes' },
  BUDGET_EXCEEDED: { exit: ExitCode.budget, meaning: 'the uncached shots cost more than the budget allows' },
  // The machine: file system
  FS_DISK_FULL: fileSystem('disk full, quota exceeded or file too large'),
  FS_READ_ONLY: fileSystem('read-only file system'),
  FS_PERMISSION: fileSystem('permission denied'),
  FS_NOT_FOUND: fileSystem('a file or folder is missing'),
  FS_NOT_A_FOLDER: fileSystem('a file stands where a folder is expected'),
  FS_IS_A_FOLDER: fileSystem('a folder stands where a file is expected'),
  FS_NOT_REGULAR: fileSystem('not a regular file (a FIFO, socket or device), or a file changed under the run'),
  FS_IO: fileSystem('an I/O error'),
  // Cache and journal
  CACHE_LOCKED: failed('another `render` holds the cache folder'),
  JOURNAL_UNREADABLE: failed('the journal cannot be read'),
  JOURNAL_CORRUPT: failed('the journal is damaged'),
  // Batches on PostgreSQL (render enqueue, worker, batch)
  DATABASE_URL_INVALID: invalid('--database-url or DATABASE_URL is not a postgres:// URL'),
  DATABASE_UNREACHABLE: failed('the batch database cannot be reached or refused the login'),
  DATABASE_SCHEMA_NEWER: failed("the batch database's schema is newer than this render"),
  BATCH_UNKNOWN: invalid('no batch has that id'),
  DATABASE_MISSING: invalid('a batch command was run without --database-url or DATABASE_URL'),
  UNIT_PAYLOAD_INVALID: failed("a unit's payload in the batch database is of an unknown version or damaged"),
  CACHE_URL_INVALID: invalid('--cache-url is not a file:// or s3:// URL'),
  CACHE_STORE_FAILED: failed('the shared cache (folder or S3 bucket) cannot be read or written'),
  // Lockfile and git (`render plan --base`)
  LOCKFILE_INVALID: invalid('the lockfile beside the storyboard is not one render can read'),
  GIT_FAILED: invalid('git cannot be run, or failed'),
  GIT_NOT_A_REPO: invalid('--base was given outside a git repository'),
  GIT_REF_UNKNOWN: invalid('--base names no commit'),
  GIT_FILE_MISSING: invalid('the storyboard or its lockfile did not exist at the --base ref'),
  // Storyboard file and YAML
  MULTIPLE: invalid('a storyboard has problems (each is listed)'),
  FILE_NOT_FOUND: invalid('the storyboard file does not exist'),
  FILE_UNREADABLE: invalid('the storyboard file cannot be read'),
  FILE_NOT_REGULAR: invalid('the storyboard path is not a regular file'),
  FILE_TOO_LARGE: invalid('the storyboard file is too large'),
  FILE_ENCODING: invalid('the storyboard is not UTF-8 text'),
  YAML_SYNTAX: invalid('YAML syntax error'),
  YAML_TAG: invalid('an unsupported YAML tag'),
  YAML_MULTIPLE_DOCUMENTS: invalid('more than one YAML document'),
  YAML_DUPLICATE_KEY: invalid('a key appears twice in one mapping'),
  YAML_TOO_DEEP: invalid('YAML nested too deeply'),
  YAML_ALIAS_LIMIT: invalid('too many YAML aliases'),
  // Storyboard schema and rules
  SCHEMA_REQUIRED: invalid('a required key is missing'),
  SCHEMA_UNKNOWN_KEY: invalid('an unknown key'),
  SCHEMA_VALUE: invalid('a value of the wrong type or out of range'),
  SHOT_DUPLICATE_ID: invalid('two shots share an id'),
  MODEL_UNKNOWN: invalid('a model the catalog does not know'),
  MODEL_INCOMPLETE: invalid('a custom model lacks a size or price'),
  MODEL_SIZE: invalid('a size the model does not offer'),
  MODEL_SECONDS: invalid('a duration the model does not offer'),
  MODEL_NO_PRICE: invalid('no price for the model at that size'),
  REMIX_SELF: invalid('a shot remixes itself'),
  REMIX_MISSING_PARENT: invalid('remix-of names no shot'),
  REMIX_CYCLE: invalid('remix-of forms a cycle'),
  REMIX_OVERRIDE: invalid('a remix sets what it inherits from its parent'),
  REMIX_NOT_SUPPORTED: invalid('the model cannot remix'),
  EXTEND_NOT_SUPPORTED: invalid('the model cannot extend a clip'),
  EXTEND_SELF: invalid('a shot extends itself'),
  EXTEND_MISSING_PARENT: invalid('extend-of names a shot that does not exist or comes later'),
  EXTEND_AND_REMIX: invalid('a shot has both extend-of and remix-of'),
  EXTEND_CYCLE: invalid('extend-of shots form a cycle'),
  EXTEND_OVERRIDE: invalid("an extension sets a model or size other than its parent's"),
  LAST_FRAME_NOT_SUPPORTED: invalid('the model takes no last frame'),
  REFERENCES_NOT_SUPPORTED: invalid('the model takes no reference images'),
  REFERENCES_TOO_MANY: invalid('more reference images than the model takes'),
  FAL_INPUTS_COMBINATION: invalid('a combination of images the fal model has no endpoint for'),
  MODEL_INPUTS: invalid('the model has no endpoint taking what the shot gives'),
  CATALOG_FILE: invalid('a provider catalog file is missing, outside the storyboard folder or not a catalog'),
  REF_MISSING: invalid('a reference image does not exist'),
  REF_NOT_FILE: invalid('a reference image is not a file'),
  REF_NOT_IMAGE: invalid('a reference is not a PNG, JPEG or WebP image'),
  REF_NOT_SUPPORTED: invalid('the model takes no reference image'),
  REF_ON_REMIX: invalid('a remix cannot have a reference image'),
  REF_OUTSIDE: invalid('a reference image lies outside the storyboard folder'),
  REF_SIZE_MISMATCH: invalid('a reference image does not match the shot size'),
  REF_TOO_LARGE: invalid('a reference image is too large'),
  REF_UNREADABLE: invalid('a reference image cannot be read'),
  REFERENCE_UNSUPPORTED: invalid('a reference image cannot be fitted'),
  CUT_OUTPUT: invalid('cut.output is not a plain file name'),
  CUT_SIZE: invalid('cut.size is not valid'),
  CUT_TIME: invalid('a cut entry trims outside its clip'),
  CUT_TRANSITION: invalid('cut.transition is not valid'),
  CUT_UNKNOWN_SHOT: invalid('a cut entry names no shot'),
  CUT_EMPTY: invalid('the cut has no clips'),
  CUT_TRIM_INVALID: invalid('a cut entry trims to nothing'),
  CUT_TRANSITION_TOO_LONG: invalid('a transition is longer than a clip allows'),
  CUT_SIZE_INVALID: invalid('the cut size is not even in both dimensions'),
  // ffmpeg and clips
  FFMPEG_FAILED: failed('ffmpeg or ffprobe failed'),
  FFMPEG_TIMEOUT: failed('ffmpeg did not finish in time'),
  LOUDNORM_FAILED: failed('loudness measurement failed'),
  CLIP_UNREADABLE: failed('a clip is not a readable MP4'),
  CLIP_NO_VIDEO: failed('a clip has no video stream'),
  CLIP_NO_DURATION: failed('a clip reports no duration'),
  CLIP_MISMATCH: failed('a clip is not the size or length asked for'),
  CLIP_CORRUPT: failed('a clip is truncated or corrupt'),
  STITCH_VERIFY_FAILED: failed('the final cut failed its check'),
  // Shot outcomes (in events, results and the report)
  AUTH: failed('the provider refused the API key'),
  QUOTA: failed('the provider account is out of credit'),
  RATE_LIMITED: failed('still rate-limited after repeated waits'),
  UNREACHABLE: failed('cannot connect to the provider'),
  REJECTED: failed('the provider refused the request'),
  MODERATION: failed("blocked by the provider's moderation"),
  GENERATION_FAILED: failed('the generation ended failed'),
  REMIX_SOURCE_GONE: failed('the job a remix starts from is gone'),
  CREATE_FAILED: failed('no job after every create attempt'),
  UNKNOWN_OUTCOME: failed('a paid call may have made a job that cannot be found; its money is held'),
  POLL_FAILED: failed('the job could not be read'),
  JOB_GONE: failed('the job disappeared while generating'),
  TIMEOUT: failed('the job took longer than the shot timeout'),
  CONTENT_EXPIRED: failed('the paid content expired before it was downloaded'),
  DOWNLOAD_FAILED: failed('the download failed'),
  DOWNLOAD_TOO_LARGE: failed('the download is larger than a clip can be'),
  DOWNLOAD_TOO_SLOW: failed('the download was slower than the floor'),
  DISK: failed('the clip or the cache index could not be stored'),
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof errorCodes;

/** The exit code a command ends with when it stops on an error of this code. */
export function exitCodeFor(code: ErrorCode): ExitCodeValue {
  return errorCodes[code].exit;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
