#!/usr/bin/env bash
# Starts a private MediaWiki for the tests of the mediawiki package and the
# Meta-Wiki commands: Debian's mediawiki package (1.39) installed by its own
# maintenance script into a temporary directory, on SQLite, served by PHP's
# built-in server on 127.0.0.1 only. The system installation is left alone:
# the code is used in place from /usr/share/mediawiki and the wiki's own
# LocalSettings.php is selected with the MW_CONFIG_FILE environment variable
# (read by includes/BootstrapHelperFunctions.php), so /etc/mediawiki and
# /var/lib/mediawiki are never written.
#
# Two accounts get bot passwords with edit rights: Admin (the installer's
# administrator) and Editor (a second user, for edit-conflict tests).
#
#   eval "$(scripts/mediawiki.sh start)"   # exports WIKICITIES_TEST_MEDIAWIKI_*
#   scripts/mediawiki.sh stop
#
# A running wiki is reused by the next start (like scripts/postgres.sh); tests
# write pages with unique titles, so sharing it is safe.
set -euo pipefail
port=${WIKICITIES_MW_PORT:-55480}
dir=${WIKICITIES_MW_DIR:-/tmp/wikicities-mw-$port}
code=/usr/share/mediawiki
packages=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml)

log() { echo "mediawiki.sh: $*" >&2; }

answers() {
  php -r 'exit(@file_get_contents($argv[1]) === false ? 1 : 0);' \
    "http://127.0.0.1:$port/api.php?action=query&meta=siteinfo&format=json" 2>/dev/null
}

ours() { [ -f "$dir/server.pid" ] && kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; }

# running: the server started here is alive and answers (a busy machine may
# be slow to answer: try a few times before concluding it does not).
running() {
  local i
  ours || return 1
  for i in 1 2 3 4 5; do
    answers && return 0
    sleep 0.5
  done
  return 1
}

install_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing from Debian's packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# maint runs a maintenance script against the private wiki.
maint() {
  MW_CONFIG_FILE="$dir/LocalSettings.php" php "$code/maintenance/$1" "${@:2}"
}

# botpassword creates a bot password "wikicities" for user and prints it.
botpassword() {
  local pw
  pw=$(php -r 'echo bin2hex(random_bytes(16));')
  maint createBotPassword.php --appid wikicities \
    --grants basic,highvolume,editpage,createeditmovepage "$1" "$pw" >"$dir/botpassword-$1.log" 2>&1 ||
    { cat "$dir/botpassword-$1.log" >&2; exit 1; }
  echo "$pw"
}

install_wiki() {
  rm -rf "$dir"
  mkdir -p "$dir/db" "$dir/cache"
  local admin_pw
  admin_pw=$(php -r 'echo bin2hex(random_bytes(16));')
  MW_CONFIG_FILE="$dir/LocalSettings.php" php "$code/maintenance/install.php" \
    --dbtype sqlite --dbpath "$dir/db" --dbname wikicities \
    --server "http://127.0.0.1:$port" --scriptpath "" --confpath "$dir" \
    --lang en --pass "$admin_pw" WikiCitiesTest Admin >"$dir/install.log" 2>&1 ||
    { cat "$dir/install.log" >&2; exit 1; }
  cat >>"$dir/LocalSettings.php" <<EOF

# --- scripts/mediawiki.sh: a private test wiki ---
\$wgCacheDirectory = "$dir/cache";
\$wgShowExceptionDetails = true;
\$wgJobRunRate = 0;
# Only signed-in users (the bot passwords below) may edit, as on Meta-Wiki
# for bots; anonymous edits would hide a lost session.
\$wgGroupPermissions['*']['edit'] = false;
\$wgGroupPermissions['*']['createpage'] = false;
EOF
  maint createAndPromote.php Editor "$(php -r 'echo bin2hex(random_bytes(16));')" >"$dir/editor.log" 2>&1 ||
    { cat "$dir/editor.log" >&2; exit 1; }
  local admin_bot editor_bot
  admin_bot=$(botpassword Admin)
  editor_bot=$(botpassword Editor)
  cat >"$dir/env" <<EOF
export WIKICITIES_TEST_MEDIAWIKI_URL='http://127.0.0.1:$port/api.php'
export WIKICITIES_TEST_MEDIAWIKI_USER='Admin@wikicities'
export WIKICITIES_TEST_MEDIAWIKI_PASSWORD='$admin_bot'
export WIKICITIES_TEST_MEDIAWIKI_USER2='Editor@wikicities'
export WIKICITIES_TEST_MEDIAWIKI_PASSWORD2='$editor_bot'
EOF
}

case "${1:-start}" in
start)
  if running; then
    cat "$dir/env"
    exit 0
  fi
  if ours; then
    log "the wiki of $dir is alive but does not answer: restarting it"
    kill -- "-$(cat "$dir/server.pid")" 2>/dev/null || true
    sleep 0.5
  elif answers; then
    log "127.0.0.1:$port answers but is not the wiki started from $dir; stop it or set WIKICITIES_MW_PORT"
    exit 1
  fi
  install_packages
  install_wiki
  # Several workers so that parallel tests do not queue behind one request.
  # A session of its own, so that stop ends the server and its workers; the
  # pid is written from inside it (setsid may fork, so $! could be wrong).
  # No descriptor of ours is inherited: "$(mediawiki.sh start)" returns.
  MW_CONFIG_FILE="$dir/LocalSettings.php" PHP_CLI_SERVER_WORKERS=4 \
    setsid sh -c 'cd "$1" && echo $$ >"$1/server.pid" && exec php -S "127.0.0.1:$2" -t "$3"' sh "$dir" "$port" "$code" \
    </dev/null >"$dir/server.log" 2>&1 &
  for _ in $(seq 1 50); do
    [ -s "$dir/server.pid" ] && break
    sleep 0.1
  done
  for _ in $(seq 1 100); do
    ours || break
    answers && break
    sleep 0.1
  done
  ours && answers || { log "the wiki did not come up on 127.0.0.1:$port"; cat "$dir/server.log" >&2; exit 1; }
  log "MediaWiki $(dpkg-query -W -f='${Version}' mediawiki) serving http://127.0.0.1:$port/api.php from $dir"
  cat "$dir/env"
  ;;
stop)
  if [ -f "$dir/server.pid" ]; then
    kill -- "-$(cat "$dir/server.pid")" 2>/dev/null || kill "$(cat "$dir/server.pid")" 2>/dev/null || true
    rm -f "$dir/server.pid"
  fi
  ;;
*) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
