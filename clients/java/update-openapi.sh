#!/usr/bin/env bash
# Refreshes clients/openapi.json (the one copy both SDKs use) from the packaged server (target/clearmargin.jar), then
# `mvn verify` of clients/java reports every field the models lack or have in excess
# (ModelsMatchOpenApiTest). Same environment as run-against-jar.sh (JAVA_HOME, PG_URL). The copy is
# normalized (keys sorted, the generated server URL dropped) so its diff shows only real changes.
set -euo pipefail
SDK="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$SDK/run-against-jar.sh" bash -c '
  curl -fs "$CLEARMARGIN_BASE_URL/openapi.json" > "$0/openapi.json.tmp"
  python3 - "$0/openapi.json.tmp" "$0/../openapi.json" <<PY
import json, sys
doc = json.load(open(sys.argv[1]))
doc.pop("servers", None)
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True, ensure_ascii=False)
    f.write("\n")
PY
  rm -f "$0/openapi.json.tmp"' "$SDK"
echo "clients/openapi.json refreshed; check the models with: ./mvnw -f clients/java/pom.xml verify (from the repository root)"
