#!/usr/bin/env bash
# Run a command with everything storyboard-render needs, installing what is missing first:
#   - Node 22+ (when the machine's Node is older, Node 24 from the npm registry into .tools/),
#   - ffmpeg, ffprobe and a font (apt-get, when run as root on Debian/Ubuntu; otherwise it says how),
#   - Chromium for the report's browser test, when the command runs the tests (same way),
#   - PostgreSQL's server binaries for the batch tests, likewise (the tests start throwaway clusters of their own;
#     nothing is configured system-wide),
#   - the npm dependencies (npm ci, which also builds dist/).
# Usage: scripts/env.sh COMMAND [ARGS...]      e.g. scripts/env.sh npm test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf 'env: %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$root/.tools/node_modules/.bin/node" ]; then
    say "Node $(node --version 2>/dev/null || echo '(none)') is older than 22: installing Node 24 from the npm registry into .tools/"
    mkdir -p "$root/.tools"
    [ -f "$root/.tools/package.json" ] || echo '{"private":true}' > "$root/.tools/package.json"
    npm install --prefix "$root/.tools" --no-audit --no-fund node@24 >&2
  fi
  export PATH="$root/.tools/node_modules/.bin:$PATH"
fi

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
case " $* " in *" test "*|*" test:"*|*vitest*) wants_browser=1 ;; *) wants_browser=0 ;; esac
if [ "$wants_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if [ "$wants_browser" = 1 ] && [ -z "${RENDER_TEST_DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} with apt-get"
    # Debian's postgresql package creates and starts a system cluster ("main", port 5432) on install; the tests start
    # throwaway clusters of their own and nothing may be left running system-wide, so no main cluster is made.
    case " ${missing[*]} " in *" postgresql "*)
      mkdir -p /etc/postgresql-common/createcluster.d
      echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/render-no-main-cluster.conf ;;
    esac
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  elif ! command -v ffmpeg >/dev/null 2>&1; then
    say "ffmpeg and ffprobe are needed and could not be installed automatically."
    say "Install them: 'sudo apt-get install ffmpeg' (Debian/Ubuntu), 'brew install ffmpeg' (macOS), or set FFMPEG_PATH and FFPROBE_PATH."
    exit 1
  fi
  case " ${missing[*]} " in *" postgresql "*)
    command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ] ||
      say "the batch tests need PostgreSQL's server binaries: 'sudo apt-get install postgresql' (or set PG_BIN, or RENDER_TEST_DATABASE_URL to an existing server); without them they fail" ;;
  esac
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -f dist/cli/main.js ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
fi
exec "$@"
