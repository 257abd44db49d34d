#!/usr/bin/env bash
# The nightly batch on one render machine: enqueue every storyboard, then work the queue with the other machines
# until nothing of an open batch is left (docs/batch.md "Nightly"). Run by render-nightly.service at 02:00; the
# settings come from /etc/render/nightly.env (EnvironmentFile=): DATABASE_URL, RENDER_CACHE_URL, provider keys.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL in /etc/render/nightly.env}"
: "${RENDER_CACHE_URL:?set RENDER_CACHE_URL (file:///mnt/render-cache or s3://bucket/prefix) in /etc/render/nightly.env}"
cd "${RENDER_STORYBOARDS:-/srv/storyboards}"
# An invalid storyboard stops here (exit 2) and nothing is enqueued: the unit's failure shows in journalctl.
render enqueue storyboards/*.yaml --max-usd "${RENDER_NIGHTLY_MAX_USD:-50}" --json > "${RENDER_BATCH_FILE:-/var/lib/render/last-batch.json}"
exec render worker --cache-url "$RENDER_CACHE_URL" --concurrency "${RENDER_WORKER_CONCURRENCY:-4}" --until-idle
