#!/usr/bin/env bash
# Installs what the test suite needs outside npm: curl, unzip, Maven, a JDK (Elasticsearch; javac builds the
# secured node's test plugin) and openssl (the secured node's certificates).
# Idempotent: installs only what is missing, with Debian's packages (needs root and apt-get).
set -euo pipefail

missing=()
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if ! ls /usr/lib/jvm/*/bin/javac >/dev/null 2>&1 && ! command -v javac >/dev/null 2>&1; then
  missing+=(openjdk-17-jdk-headless)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: missing ${missing[*]}; install them (needs root and apt-get to do it automatically)" >&2
    exit 1
  fi
  echo "install-system-deps: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "install-system-deps: curl, unzip, maven, openssl and a JDK present" >&2
