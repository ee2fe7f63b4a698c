#!/bin/sh
# install.sh DIR [VERSION]: Uptime Kuma from the npm registry into DIR, to run as
# `cd DIR && node server/server.js`. Used by this folder's Dockerfile and by the deployment tests
# (deployment/.../UptimeKumaIT.java), which run it as a plain process.
#
# Needs: node and npm, the npm registry, and for the native SQLite module a C++ toolchain (make,
# g++, python3) with Node's headers (Debian: libnode-dev; NodeSource's nodejs has them). Nothing
# is downloaded from GitHub: @louislam/sqlite3 would fetch a prebuilt binary from there, so it is
# built from source, against the system's libsqlite3 when its headers are installed
# (libsqlite3-dev), else against the SQLite copy inside the package.
#
# VERSION defaults to 2.0.0-dev.0, the only Uptime Kuma release on the npm registry (1.23.x never
# was published there); it carries the built web app (dist/) and the server.
set -eu

dir="${1:?usage: install.sh DIR [VERSION]}"
version="${2:-${UPTIME_KUMA_VERSION:-2.0.0-dev.0}}"

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# For npm versions that run install scripts: build instead of downloading from GitHub.
export npm_config_build_from_source=true
node_prefix="$(dirname "$(dirname "$(node -p process.execPath)")")"
if [ -f "$node_prefix/include/node/node_api.h" ]; then
  export npm_config_nodedir="$node_prefix"
elif [ -f /usr/include/node/node_api.h ]; then
  export npm_config_nodedir=/usr
fi
sqlite_flag=""
if [ -f /usr/include/sqlite3.h ]; then
  export npm_config_sqlite=/usr
  sqlite_flag="--sqlite=/usr"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "uptime-kuma@$version" >/dev/null)
mkdir -p "$dir"
tar -xzf "$work"/uptime-kuma-*.tgz -C "$dir" --strip-components=1
cd "$dir"

# Only what the server runs: the development tools' dependencies do not even resolve together
# (ERESOLVE on stylelint's peers).
node -e '
const fs = require("fs");
const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
delete p.devDependencies;
fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");'

# 2.0.0-dev.0 ships seven database patches beside db/old_migrations/ instead of in it, and its
# first start fails without them (ENOENT ./db/old_migrations/patch-add-invert-keyword.sql).
if [ -d db/old_migrations ]; then
  for f in db/patch-*.sql; do
    [ -e "$f" ] || continue
    [ -e "db/old_migrations/${f#db/}" ] || cp "$f" db/old_migrations/
  done
fi

# 2.0.0-dev.0 tests a 'client' field its database config never has, so it sends MariaDB's date SQL
# to SQLite too: the dashboard's charts, the average ping and the old-data cleanup then fail with
# "SQLITE_ERROR: near "?": syntax error". Test the 'type' it does have.
if grep -q 'this.dbConfig.client === "sqlite3"' server/database.js; then
  sed -i 's/this\.dbConfig\.client === "sqlite3"/this.dbConfig.type === "sqlite"/' server/database.js
fi

npm install --omit=dev --no-package-lock

# npm 11 does not run dependencies' install scripts unless allowed, so the native module may not
# be built yet: build it here (a few seconds against the system's SQLite).
if ! ls node_modules/@louislam/sqlite3/lib/binding/*/node_sqlite3.node >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  (cd node_modules/@louislam/sqlite3 &&
    node ../../@mapbox/node-pre-gyp/bin/node-pre-gyp install --build-from-source $sqlite_flag \
      ${npm_config_nodedir:+--nodedir="$npm_config_nodedir"} --jobs=2)
fi
node -e 'require("@louislam/sqlite3")'
rm -rf node_modules/@louislam/sqlite3/build node_modules/@louislam/sqlite3/build-tmp-napi-* \
  node_modules/@louislam/sqlite3/deps
echo "Uptime Kuma $version installed in $dir"
