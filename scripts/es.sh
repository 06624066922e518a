#!/usr/bin/env bash
# Runs a real, throw-away Elasticsearch for tests, benchmarks and CI.
#
#   scripts/es.sh start     fetch (once) and start a node; prints its URL on the last line of stdout
#   scripts/es.sh status    prints the URL and exits 0 when the node answers, exits 1 otherwise
#   scripts/es.sh stop      stops the node and removes its data
#   scripts/es.sh url       prints the URL of the running node (no check)
#
# Environment:
#   ES_VERSION    Elasticsearch version (default 9.5.4); 8.19.x also works
#   ES_PORT       HTTP port (default: a free port)
#   ES_HEAP       heap size (default 768m)
#   ES_CACHE_DIR  where distributions are unpacked and kept (default ~/.cache/rule-runner/elasticsearch)
#   ES_STATE_DIR  where the running node's pid, url, data and logs live (default /tmp/rule-runner-es-<version>)
#   ES_USER       the unprivileged user Elasticsearch runs as when invoked as root (default esrunner)
#   ES_KEEP_DATA  1: keep the node's data across stop and start (a benchmark's indices, loaded once)
#   ES_SECURITY   1: x-pack security on, TLS on HTTP (a CA and a node certificate made with openssl), a superuser
#                 in the file realm, API keys enabled; the URL is https://. Default: security off, plain http.
#   ES_ADMIN_USER / ES_ADMIN_PASSWORD   that superuser (default rule-runner-admin, a random password)
#
# With ES_SECURITY=1 the state dir also holds ca.crt (the CA to trust), admin-user and admin-password (mode 600).
#
# The distribution is Maven Central's org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip:
# server + x-pack core/security, no bundled JDK, no EQL API. Elasticsearch refuses to run as root, so as root the
# script creates ES_USER and runs the node as that user.
set -euo pipefail

ES_VERSION="${ES_VERSION:-9.5.4}"
ES_HEAP="${ES_HEAP:-768m}"
ES_CACHE_DIR="${ES_CACHE_DIR:-${HOME:-/root}/.cache/rule-runner/elasticsearch}"
ES_STATE_DIR="${ES_STATE_DIR:-/tmp/rule-runner-es-${ES_VERSION}}"
ES_USER="${ES_USER:-esrunner}"
ES_SECURITY="${ES_SECURITY:-0}"
ES_ADMIN_USER="${ES_ADMIN_USER:-rule-runner-admin}"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"

die() { echo "es.sh: $*" >&2; exit 1; }
log() { echo "es.sh: $*" >&2; }

major_of() { echo "${1%%.*}"; }

# The smallest Java major version this Elasticsearch runs on.
required_java() {
  local major
  major=$(major_of "$ES_VERSION")
  if [ "$major" -ge 9 ]; then echo 21; elif [ "$major" -eq 8 ]; then echo 17; else echo 11; fi
}

# Version of a JDK home, read from its `release` file (JAVA_VERSION="21.0.2" -> 21).
jdk_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n1)
  [ -n "$v" ] && echo "$v"
}

# Picks a JDK by version: JAVA_HOME if it is recent enough, else the oldest JDK under /usr/lib/jvm that is
# (the release each Elasticsearch major was built and tested for: 17 for 8.x, 21+ for 9.x).
find_java() {
  local need best="" best_v=0 d v
  need=$(required_java)
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(jdk_major "$JAVA_HOME" || true)
    if [ -n "$v" ] && [ "$v" -ge "$need" ]; then echo "$JAVA_HOME"; return; fi
  fi
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] && [ ! -L "$d" ] || continue
    v=$(jdk_major "$d" || true)
    [ -n "$v" ] || continue
    if [ "$v" -ge "$need" ] && { [ -z "$best" ] || [ "$v" -lt "$best_v" ]; }; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] || die "Elasticsearch $ES_VERSION needs Java $need or newer; none found (set JAVA_HOME, or install e.g. a Temurin JDK under /usr/lib/jvm)"
  echo "$best"
}

# Fetches and unpacks the distribution once; prints its home directory.
ensure_distribution() {
  local home="$ES_CACHE_DIR/elasticsearch-$ES_VERSION"
  if [ -x "$home/bin/elasticsearch" ]; then echo "$home"; return; fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to fetch $ARTIFACT; install it (apt-get install maven)"
  command -v unzip >/dev/null 2>&1 || die "unzip is needed to unpack Elasticsearch; install it (apt-get install unzip)"
  mkdir -p "$ES_CACHE_DIR"
  local tmp
  tmp=$(mktemp -d "$ES_CACHE_DIR/.fetch.XXXXXX")
  log "fetching $ARTIFACT with Maven"
  if ! mvn -B -q dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$tmp" >"$tmp/mvn.log" 2>&1; then
    cat "$tmp/mvn.log" >&2
    rm -rf "$tmp"
    die "could not fetch $ARTIFACT (is the version published? see the Maven output above)"
  fi
  unzip -q "$tmp/elasticsearch-$ES_VERSION.zip" -d "$tmp/unpacked"
  # Move into place atomically so an interrupted fetch never leaves a half-unpacked home behind.
  mv "$tmp/unpacked/elasticsearch-$ES_VERSION" "$home"
  rm -rf "$tmp"
  echo "$home"
}

free_port() {
  python3 - <<'PY' 2>/dev/null || node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

ensure_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  if ! id "$ES_USER" >/dev/null 2>&1; then
    log "creating unprivileged user $ES_USER"
    useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER" 2>/dev/null \
      || useradd -r -M -s /bin/false "$ES_USER" \
      || die "could not create user $ES_USER (Elasticsearch refuses to run as root)"
  fi
}

as_es_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$ES_USER" -- "$@"; else "$@"; fi
}

# curl to the running node, trusting its CA and as its superuser when it was started with security. The
# password reaches curl through a config on stdin, never its command line (which `ps` shows).
es_curl() {
  local url="$1"
  shift
  if [ -f "$ES_STATE_DIR/ca.crt" ]; then
    printf 'user = "%s:%s"\n' "$(cat "$ES_STATE_DIR/admin-user")" "$(cat "$ES_STATE_DIR/admin-password")" |
      curl -K - --cacert "$ES_STATE_DIR/ca.crt" "$@" "$url"
  else
    curl "$@" "$url"
  fi
}

# The integ-test distribution has no handler for GET /, so health is the liveness probe.
answers() { es_curl "$1/_cluster/health" -fsS -m 5 >/dev/null 2>&1; }

# A CA and a node certificate for 127.0.0.1 and localhost signed by it, into $1 (the node's config/certs).
make_certs() {
  local dir="$1"
  command -v openssl >/dev/null 2>&1 || die "openssl is needed for ES_SECURITY=1; install it (apt-get install openssl)"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=rule-runner test CA" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" >/dev/null 2>&1 || die "openssl could not make the CA"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/node.key" -out "$dir/node.csr" \
    >/dev/null 2>&1 || die "openssl could not make the node's key"
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$dir/node.ext"
  openssl x509 -req -in "$dir/node.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 30 \
    -extfile "$dir/node.ext" -out "$dir/node.crt" >/dev/null 2>&1 || die "openssl could not sign the node's certificate"
  # the CA signs nothing more: only its certificate stays, for clients to trust
  rm -f "$dir/node.csr" "$dir/node.ext" "$dir/ca.srl" "$dir/ca.key"
}

# The distribution with a plugin that gives the security index the analysis components it needs (see
# scripts/es-security-analysis/): a copy of $1 made of hard links, so the plain distribution stays as it is. Built
# once per version with the JDK $2; prints its home.
ensure_security_home() {
  local plain="$1" java="$2" home="$ES_CACHE_DIR/elasticsearch-$ES_VERSION-security" tmp src
  if [ -d "$home/plugins/security-index-analysis" ]; then echo "$home"; return; fi
  [ -x "$java/bin/javac" ] || die "ES_SECURITY=1 compiles a small plugin and needs a JDK with javac ($java has none)"
  src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/es-security-analysis"
  tmp=$(mktemp -d "$ES_CACHE_DIR/.security.XXXXXX")
  cp -al "$plain" "$tmp/home"
  local plugin="$tmp/home/plugins/security-index-analysis"
  mkdir -p "$tmp/classes" "$plugin"
  "$java/bin/javac" -nowarn --release 17 -cp "$plain/lib/*" -d "$tmp/classes" "$src/SecurityIndexAnalysis.java" >&2 ||
    { rm -rf "$tmp"; die "could not compile $src/SecurityIndexAnalysis.java against Elasticsearch $ES_VERSION"; }
  "$java/bin/jar" --create --file "$plugin/security-index-analysis.jar" -C "$tmp/classes" . >&2
  cat >"$plugin/plugin-descriptor.properties" <<PROPS
description=the security index's analysis components for the integ-test distribution (rule-runner tests)
version=$ES_VERSION
name=security-index-analysis
classname=rulerunner.testnode.SecurityIndexAnalysis
java.version=17
elasticsearch.version=$ES_VERSION
PROPS
  # -T: another start that built it meanwhile keeps its copy, and this one is dropped
  mv -T "$tmp/home" "$home" 2>/dev/null || [ -d "$home/plugins/security-index-analysis" ] ||
    die "could not move the security distribution into $home"
  rm -rf "$tmp"
  echo "$home"
}

# Turns security on in the node's config $1 and creates the superuser in its file realm.
configure_security() {
  local conf="$1" java="$2" home="$3" password
  make_certs "$conf/certs"
  cp "$conf/certs/ca.crt" "$ES_STATE_DIR/ca.crt"
  # one node on loopback: the transport layer needs no TLS, no other node ever joins
  cat >>"$conf/elasticsearch.yml" <<YML
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate_authorities: certs/ca.crt
xpack.security.transport.ssl.enabled: false
xpack.security.authc.api_key.enabled: true
YML
  password="${ES_ADMIN_PASSWORD:-$(openssl rand -hex 16)}"
  (
    umask 077
    printf '%s' "$ES_ADMIN_USER" >"$ES_STATE_DIR/admin-user"
    printf '%s' "$password" >"$ES_STATE_DIR/admin-password"
  )
  env -i PATH=/usr/bin:/bin JAVA_HOME="$java" ES_JAVA_HOME="$java" ES_PATH_CONF="$conf" \
    "$home/bin/elasticsearch-users" useradd "$ES_ADMIN_USER" -p "$password" -r superuser \
    >"$ES_STATE_DIR/users.log" 2>&1 || {
    cat "$ES_STATE_DIR/users.log" >&2
    die "elasticsearch-users could not create the superuser $ES_ADMIN_USER"
  }
}

pid_alive() { [ -f "$ES_STATE_DIR/pid" ] && kill -0 "$(cat "$ES_STATE_DIR/pid")" 2>/dev/null; }

cmd_start() {
  if pid_alive && answers "$(cat "$ES_STATE_DIR/url")"; then
    log "already running"
    cat "$ES_STATE_DIR/url"
    return
  fi
  cmd_stop >/dev/null 2>&1 || true
  command -v curl >/dev/null 2>&1 || die "curl is needed to check the node; install it"
  local java home port url conf
  java=$(find_java)
  home=$(ensure_distribution)
  [ "$ES_SECURITY" = 1 ] && home=$(ensure_security_home "$home" "$java")
  port="${ES_PORT:-$(free_port)}"
  [ -n "$port" ] || die "could not find a free port (set ES_PORT)"
  local scheme=http
  [ "$ES_SECURITY" = 1 ] && scheme=https
  url="$scheme://127.0.0.1:$port"
  ensure_user

  mkdir -p "$ES_STATE_DIR"
  conf="$ES_STATE_DIR/config"
  rm -rf "$conf" "$ES_STATE_DIR/logs"
  # a kept state dir's CA and superuser are an earlier start's: this one makes its own, or has none
  rm -f "$ES_STATE_DIR/ca.crt" "$ES_STATE_DIR/admin-user" "$ES_STATE_DIR/admin-password"
  [ "${ES_KEEP_DATA:-}" = 1 ] || rm -rf "$ES_STATE_DIR/data"
  cp -r "$home/config" "$conf"
  mkdir -p "$ES_STATE_DIR/data" "$ES_STATE_DIR/logs" "$ES_STATE_DIR/tmp"
  cat >"$conf/elasticsearch.yml" <<EOF
cluster.name: rule-runner-test
node.name: node-1
network.host: 127.0.0.1
http.port: $port
transport.port: 0
discovery.type: single-node
path.data: $ES_STATE_DIR/data
path.logs: $ES_STATE_DIR/logs
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if [ "$ES_SECURITY" = 1 ]; then
    configure_security "$conf" "$java" "$home"
  else
    echo "xpack.security.enabled: false" >>"$conf/elasticsearch.yml"
  fi
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$ES_USER" "$ES_STATE_DIR"
    chmod 755 "$ES_STATE_DIR"
    # The node reads its home (jars, modules) as ES_USER: the cache must be traversable and readable.
    chmod -R a+rX "$home"
    local d="$home"
    while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
  fi

  log "starting Elasticsearch $ES_VERSION on $url (Java: $java)"
  as_es_user env -i PATH=/usr/bin:/bin HOME="$ES_STATE_DIR" JAVA_HOME="$java" ES_JAVA_HOME="$java" \
    ES_PATH_CONF="$conf" ES_TMPDIR="$ES_STATE_DIR/tmp" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$home/bin/elasticsearch" -d -p "$ES_STATE_DIR/pid" >"$ES_STATE_DIR/stdout.log" 2>&1 || {
    cat "$ES_STATE_DIR/stdout.log" >&2
    die "Elasticsearch failed to start (log: $ES_STATE_DIR/logs)"
  }
  echo "$url" >"$ES_STATE_DIR/url"
  local i
  for i in $(seq 1 180); do
    if answers "$url"; then
      es_curl "$url/_cluster/health?wait_for_status=yellow&timeout=30s" -fsS -m 30 >/dev/null 2>&1 || true
      log "Elasticsearch $ES_VERSION is up after ${i}s"
      [ "$ES_SECURITY" = 1 ] &&
        log "security on: CA $ES_STATE_DIR/ca.crt, superuser $ES_ADMIN_USER (password in $ES_STATE_DIR/admin-password)"
      echo "$url"
      return
    fi
    if [ "$i" -gt 5 ] && ! pid_alive; then break; fi
    sleep 1
  done
  tail -n 40 "$ES_STATE_DIR/logs/rule-runner-test.log" >&2 2>/dev/null || cat "$ES_STATE_DIR/stdout.log" >&2
  cmd_stop >/dev/null 2>&1 || true
  die "Elasticsearch did not answer on $url"
}

cmd_stop() {
  if [ -f "$ES_STATE_DIR/pid" ]; then
    local pid i
    pid=$(cat "$ES_STATE_DIR/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      if kill -0 "$pid" 2>/dev/null; then log "node did not stop in 30s; killing it"; kill -9 "$pid" 2>/dev/null || true; fi
    fi
    log "stopped Elasticsearch $ES_VERSION"
  fi
  if [ "${ES_KEEP_DATA:-}" = 1 ]; then rm -f "$ES_STATE_DIR/pid" "$ES_STATE_DIR/url"; else rm -rf "$ES_STATE_DIR"; fi
}

cmd_status() {
  if pid_alive && answers "$(cat "$ES_STATE_DIR/url")"; then
    cat "$ES_STATE_DIR/url"
  else
    echo "not running" >&2
    return 1
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cat "$ES_STATE_DIR/url" ;;
  *) echo "usage: $0 start|status|stop|url" >&2; exit 2 ;;
esac
