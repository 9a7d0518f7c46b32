#!/usr/bin/env bash
# Generates a TypeScript (typescript-fetch) and a Java (java, native HttpClient) client from the OpenAPI
# document and compiles both, failing on any generator warning that stems from the document or any
# compiler error. With CLEARMARGIN_BASE_URL and CLEARMARGIN_API_KEY set (a live server, e.g. under
# clients/typescript/test/run-against-jar.sh), it takes the server's own /openapi.json and then runs
# clients/generated-smoke/ with each generated client: create, filter through the generated where and
# select models, count. Otherwise the document is target/openapi.json, written by OpenApiDocumentTest
# (or pass a path). Needs JDK 25, Maven (./mvnw) and node/npx; openapi-generator-cli comes from Maven Central.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_URL="${CLEARMARGIN_BASE_URL:-}"
SPEC="${1:-$REPO/target/openapi.json}"
VERSION="${OPENAPI_GENERATOR_VERSION:-7.25.0}"
export JAVA_HOME="${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
OUT="$REPO/target/generated-clients"
JAR="$HOME/.m2/repository/org/openapitools/openapi-generator-cli/$VERSION/openapi-generator-cli-$VERSION.jar"
[[ -f "$JAR" ]] || "$REPO/mvnw" -B -ntp -q dependency:get -Dartifact="org.openapitools:openapi-generator-cli:$VERSION"
rm -rf "$OUT"; mkdir -p "$OUT"
if [[ -n "$BASE_URL" && $# -eq 0 ]]; then
  SPEC="$OUT/openapi.json"
  curl -fsS "$BASE_URL/openapi.json" -o "$SPEC"
fi

generate() { # generator, output dir, extra properties
  "$JAVA" -jar "$JAR" generate -g "$1" -i "$SPEC" -o "$2" --additional-properties="$3" >"$2.log" 2>&1
  # warnings about the document itself (not the generator's notes on its own defaults)
  if grep -E "WARN" "$2.log" | grep -vE "OpenAPI 3.1 support is still in beta|normalizer|is not supported by this generator|^\s*$" ; then
    echo "generator $1: warnings above stem from the document" >&2; return 1
  fi
}

echo "typescript-fetch"
generate typescript-fetch "$OUT/typescript" "supportsES6=true,npmName=clearmargin-generated,npmVersion=0.0.0"
( cd "$OUT/typescript" && npm install --silent --no-audit --no-fund typescript@5 @types/node@20 >/dev/null && npx tsc --noEmit --strict -p . )

echo "java (native)"
generate java "$OUT/java" "library=native,serializationLibrary=jackson,openApiNullable=false,groupId=app.clearmargin,artifactId=clearmargin-generated,invokerPackage=app.clearmargin.generated,apiPackage=app.clearmargin.generated.api,modelPackage=app.clearmargin.generated.model"
( cd "$OUT/java" && "$REPO/mvnw" -B -ntp -q -f pom.xml compile -Dmaven.compiler.showWarnings=true )
echo "both generated clients compile"
[[ -n "$BASE_URL" ]] || exit 0

echo "typescript-fetch client against $BASE_URL"
cp "$REPO/clients/generated-smoke/smoke.ts" "$OUT/typescript/"
( cd "$OUT/typescript" && npx tsc --strict --target es2020 --module commonjs --lib es2020,dom \
    --outDir smoke-build smoke.ts && node smoke-build/smoke.js )

echo "java client against $BASE_URL"
cp "$REPO/clients/generated-smoke/Smoke.java" "$OUT/java/src/main/java/"
( cd "$OUT/java" && "$REPO/mvnw" -B -ntp -q -f pom.xml compile dependency:build-classpath -Dmdep.outputFile=cp.txt \
    && "$JAVA" -cp "target/classes:$(cat cp.txt)" Smoke )
echo "both generated clients filter, select and count against the server"
