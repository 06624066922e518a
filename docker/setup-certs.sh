#!/usr/bin/env bash
# The compose stack's one-shot `setup` service, run as root in the Elasticsearch image: a CA and a certificate for
# es01 made with elasticsearch-certutil into the shared `certs` volume (once: a restart keeps them), then, once
# Elasticsearch answers, the kibana_system user's password. The files are group-readable for Elasticsearch and
# Kibana (uid 1000, gid 0); the CA certificate alone is readable by all, for rule-runner's `node` user.
set -euo pipefail
: "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in docker/.env (see docker/.env.example)}"
: "${KIBANA_PASSWORD:?set KIBANA_PASSWORD in docker/.env (see docker/.env.example)}"
cd /usr/share/elasticsearch
certs=config/certs
if [ ! -f "$certs/ca/ca.crt" ]; then
  echo "setup: making the CA"
  bin/elasticsearch-certutil ca --silent --pem --out "$certs/ca.zip"
  unzip -q -o "$certs/ca.zip" -d "$certs"
fi
if [ ! -f "$certs/es01/es01.crt" ]; then
  echo "setup: making es01's certificate"
  printf 'instances:\n  - name: es01\n    dns: [es01, localhost]\n    ip: [127.0.0.1]\n' > "$certs/instances.yml"
  bin/elasticsearch-certutil cert --silent --pem --in "$certs/instances.yml" --out "$certs/certs.zip" \
    --ca-cert "$certs/ca/ca.crt" --ca-key "$certs/ca/ca.key"
  unzip -q -o "$certs/certs.zip" -d "$certs"
fi
chown -R root:root "$certs"
find "$certs" -type d -exec chmod 750 {} +
find "$certs" -type f -exec chmod 640 {} +
chmod 755 "$certs" "$certs/ca"
chmod 644 "$certs/ca/ca.crt"

echo "setup: waiting for Elasticsearch"
until curl -s --cacert "$certs/ca/ca.crt" https://es01:9200 | grep -q 'missing authentication credentials'; do
  sleep 5
done
echo "setup: setting the kibana_system password"
# both passwords go to curl in files, never on a command line that another process could read
auth=$(mktemp)
body=$(mktemp)
trap 'rm -f "$auth" "$body"' EXIT
printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" > "$auth"
printf '{"password":"%s"}' "$KIBANA_PASSWORD" > "$body"
until curl -s -K "$auth" -X POST --cacert "$certs/ca/ca.crt" \
  -H 'Content-Type: application/json' --data-binary "@$body" \
  https://es01:9200/_security/user/kibana_system/_password | grep -q '^{}'; do
  sleep 5
done
echo "setup: done"
