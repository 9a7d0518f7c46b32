#!/usr/bin/env bash
# Refreshes clients/java/openapi.json from the packaged server (target/clearmargin.jar), then
# `mvn verify` of clients/java reports every field the models lack or have in excess
# (ModelsMatchOpenApiTest). Same environment as run-against-jar.sh (JAVA_HOME, PG_URL).
set -euo pipefail
SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$SDK/run-against-jar.sh" bash -c \
  'curl -fs "$CLEARMARGIN_BASE_URL/openapi.json" | python3 -m json.tool --indent 2 > "$0/openapi.json.tmp" && mv "$0/openapi.json.tmp" "$0/openapi.json"' "$SDK"
echo "clients/java/openapi.json refreshed; check the models with: ../../mvnw -f clients/java/pom.xml verify"
