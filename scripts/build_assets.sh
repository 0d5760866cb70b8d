#!/usr/bin/env bash
# Build front-end assets for the GOV.UK Design System.
#
#   bash scripts/build_assets.sh        (run from anywhere; works from repo root)
#
# Produces (static/dist/ is gitignored, served by Django at /static/dist/):
#   static/dist/app.css                     compiled from static/src/app.scss
#   static/dist/govuk-frontend.min.js(.map) GOV.UK Frontend ES module
#   static/dist/assets/                     images + manifest.json (no fonts:
#                                           we use Arial, not GDS Transport)
#
# Idempotent and fast when nothing changed: npm ci is skipped while
# node_modules matches package-lock.json, Sass is skipped while app.css is
# newer than its inputs, and files are only copied when they differ.
# Needs only node/npm and the npm registry.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

start_ns=$(date +%s%N)
export NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false

command -v node >/dev/null || { echo "build_assets: node not found on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "build_assets: npm not found on PATH" >&2; exit 1; }

src=static/src/app.scss
dist=static/dist
gf=node_modules/govuk-frontend/dist/govuk
stamp=node_modules/.build_assets.stamp

# --- 1. node packages -------------------------------------------------------
# The stamp records the lock file hash and node version of the last install.
# No dependency needs an install script (sass is pure JS; sass's optional
# @parcel/watcher is only used by `sass --watch`), so scripts are disabled.
if [[ -f package-lock.json ]]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version)"
else
  want=""
fi
have="$(cat "$stamp" 2>/dev/null || true)"
if [[ -z "$want" || "$want" != "$have" \
      || ! -x node_modules/.bin/sass \
      || ! -f "$gf/govuk-frontend.min.js" \
      || ! -f node_modules/axe-core/axe.min.js ]]; then
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
    # package-lock.json is unchanged by npm ci, so the hash is still valid.
    printf '%s\n' "$want" >"$stamp"
  else
    # First run without a lock file: creates package-lock.json (commit it).
    npm install --no-audit --no-fund --ignore-scripts --loglevel=error
  fi
  npm_action="npm ci"
else
  npm_action="node_modules up to date"
fi

gf_version=$(node -p 'require("./node_modules/govuk-frontend/package.json").version')
sass_version=$(node -p 'require("./node_modules/sass/package.json").version')

mkdir -p "$dist"

# --- 2. Sass ------------------------------------------------------------------
# Rebuild when app.css is missing or older than any Sass source, the last npm
# install (stamp; npm gives package files a fixed 1985 mtime), the lock file or
# this script.
css_action="app.css up to date"
if [[ ! -s "$dist/app.css" ]] \
   || [[ -n "$(find static/src "$stamp" package-lock.json scripts/build_assets.sh \
                 -newer "$dist/app.css" -print -quit 2>/dev/null)" ]]; then
  tmp_css="$dist/.app.css.tmp"
  # --quiet-deps hides deprecation warnings raised inside govuk-frontend's own
  # Sass (load-path dependencies); warnings from static/src still show.
  node_modules/.bin/sass \
    --load-path=node_modules \
    --style=compressed \
    --no-source-map \
    --quiet-deps \
    "$src" "$tmp_css"
  # Guard: this is not a GOV.UK service, so GDS Transport must never ship.
  if grep -qi 'GDS Transport' "$tmp_css"; then
    rm -f "$tmp_css"
    echo "build_assets: compiled CSS references GDS Transport; check $src" >&2
    exit 1
  fi
  mv -f "$tmp_css" "$dist/app.css"
  css_action="compiled app.css"
fi

# --- 3. JavaScript and static assets -------------------------------------------
copied=0
copy_if_changed() { # src dest
  if ! cmp -s "$1" "$2"; then
    mkdir -p "$(dirname "$2")"
    cp -f "$1" "$2"
    copied=$((copied + 1))
  fi
}

# The .map is copied too: the .min.js ends with a sourceMappingURL comment and
# Django's ManifestStaticFilesStorage fails collectstatic if the map is missing.
copy_if_changed "$gf/govuk-frontend.min.js" "$dist/govuk-frontend.min.js"
copy_if_changed "$gf/govuk-frontend.min.js.map" "$dist/govuk-frontend.min.js.map"

# Mirror dist/govuk/assets/ except fonts/ (Arial is a system font).
asset_count=0
while IFS= read -r -d '' f; do
  rel=${f#"$gf/assets/"}
  copy_if_changed "$f" "$dist/assets/$rel"
  asset_count=$((asset_count + 1))
done < <(find "$gf/assets" -path "$gf/assets/fonts" -prune -o -type f -print0 | sort -z)

# Remove anything in dist/assets that upstream no longer ships (and any fonts).
if [[ -d "$dist/assets" ]]; then
  while IFS= read -r -d '' f; do
    rel=${f#"$dist/assets/"}
    if [[ "$rel" == fonts/* || ! -f "$gf/assets/$rel" ]]; then
      rm -f "$f"
    fi
  done < <(find "$dist/assets" -type f -print0)
  find "$dist/assets" -mindepth 1 -type d -empty -delete
fi

# --- 4. summary -----------------------------------------------------------------
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
css_kib=$(( ($(stat -c %s "$dist/app.css") + 1023) / 1024 ))
echo "build_assets: govuk-frontend ${gf_version} + sass ${sass_version}:" \
  "${css_action} (${css_kib} KiB), govuk-frontend.min.js, ${asset_count} assets" \
  "-> ${dist}/ [${npm_action}; ${copied} files copied; $(printf '%d.%03d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000)))s]"
