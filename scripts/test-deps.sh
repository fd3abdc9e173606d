#!/usr/bin/env bash
# Installs, from Debian's packages, what the test suite needs and the machine
# lacks. Idempotent: a package already installed is not fetched again.
set -euo pipefail
# One package a line; each line says which tests need it.
packages=(
  postgresql   # the store suite against real PostgreSQL (scripts/postgres.sh)
  sqlite3      # the import benchmark's baseline (sqlite3 .import)
  nginx        # make bench-http: serves the same answers as static files, the baseline (bench/httpbench)
  wrk          # make bench-http: the load generator (bench/httpbench)
  util-linux   # taskset: make bench-http puts servers and wrk on CPUs of their own (bench/httpbench), and the test of that
  chromium     # the browser tests of the pages (cmd/wikicities TestBrowser, via chromedp)
  fonts-noto-core # Arabic and other scripts in the browser tests' screenshots
  mediawiki    # the real wiki of the mediawiki and Meta-Wiki tests (scripts/mediawiki.sh)
  php-cli      # runs that wiki (PHP's built-in server, maintenance scripts)
  php-sqlite3  # that wiki's database
  php-intl     # required by MediaWiki
  php-mbstring # required by MediaWiki
  php-xml      # required by MediaWiki
)
# Node.js and npm build the web assets (web/build.mjs) and bring axe-core for
# the browser tests; an existing installation (from any source) is kept.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing from Debian's packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
