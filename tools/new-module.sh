#!/usr/bin/env bash
# Creates the skeleton of a new module (docs/adding-a-module.md):
#   src/Modules/NAME/            project with module class, DbContext pair + design-time factories, one feature
#                                slice (GET /api/v1/<name>/items, policy Viewer), one CLI verb (<name> list)
#   .../Storage/Migrations/      the first migration for SQLite and for PostgreSQL, generated with dotnet ef
#   tests/Mekong.IntegrationTests/NAMEModuleTests.cs   endpoint and verb, on both databases
# and adds the project to Mekong.slnx and to the Server's references. Left to you: one line in the module table,
# src/Mekong.Server/Hosting/ModuleTable.cs (the script prints it).
#
# usage: tools/new-module.sh NAME [--no-migrations]     NAME in PascalCase, e.g. CitizenReports
set -euo pipefail
cd "$(dirname "$0")/.."

NAME="${1:-}"
MIGRATIONS=1
if [ "${2:-}" = "--no-migrations" ]; then MIGRATIONS=0; fi
if ! [[ "$NAME" =~ ^[A-Z][a-z0-9]+([A-Z][a-z0-9]+)*$ ]]; then
  echo "usage: tools/new-module.sh NAME [--no-migrations]   (NAME in PascalCase, e.g. CitizenReports)" >&2
  exit 2
fi
# CitizenReports -> citizen-reports (routes, verb) and citizen_reports (PostgreSQL schema, SQLite table prefix)
KEBAB=$(printf '%s' "$NAME" | sed -E 's/([a-z0-9])([A-Z])/\1-\2/g' | tr '[:upper:]' '[:lower:]')
SCHEMA=${KEBAB//-/_}
DIR="src/Modules/$NAME"
PROJECT="$DIR/Mekong.Modules.$NAME.csproj"
TEST="tests/Mekong.IntegrationTests/${NAME}ModuleTests.cs"
if [ -e "$DIR" ]; then echo "$DIR already exists" >&2; exit 1; fi
if grep -q "Modules/$NAME/" Mekong.slnx src/Mekong.Server/Mekong.Server.csproj; then echo "$NAME is already referenced" >&2; exit 1; fi
for taken in $(grep -rhoE 'public const string Schema = "[a-z_]+"' src/Modules | sed -E 's/.*"(.*)"/\1/'); do
  if [ "$taken" = "$SCHEMA" ]; then echo "schema '$SCHEMA' is taken by another module" >&2; exit 1; fi
done

substitute() { sed -e "s/ModuleTemplate/$NAME/g" -e "s/module-template/$KEBAB/g" -e "s/module_template/$SCHEMA/g" "$1"; }

# 1. The project, from tools/templates/module (file names carry the placeholder too).
(cd tools/templates/module && find . -type f) | while read -r file; do
  target="$DIR/${file#./}"
  target="${target//ModuleTemplate/$NAME}"
  mkdir -p "$(dirname "$target")"
  substitute "tools/templates/module/$file" >"$target"
done
substitute tools/templates/tests/ModuleTemplateModuleTests.cs >"$TEST"

# 2. Solution and Server reference: one line each, after the last module.
insert_after_last() { # FILE TEXT LINE: add LINE, indented alike, after the last line containing TEXT
  awk -v text="$2" -v add="$3" '
    { lines[NR] = $0; if (index($0, text)) last = NR }
    END {
      if (!last) exit 3
      for (i = 1; i <= NR; i++) { print lines[i]; if (i == last) { match(lines[i], /^[ \t]*/); print substr(lines[i], 1, RLENGTH) add } }
    }' "$1" >"$1.new" || { echo "$1: no line contains $2" >&2; rm -f "$1.new"; exit 1; }
  mv "$1.new" "$1"
}
insert_after_last Mekong.slnx '<Project Path="src/Modules/' "<Project Path=\"src/Modules/$NAME/Mekong.Modules.$NAME.csproj\" />"
insert_after_last src/Mekong.Server/Mekong.Server.csproj '<ProjectReference Include="../Modules/' "<ProjectReference Include=\"../Modules/$NAME/Mekong.Modules.$NAME.csproj\" />"

# 3. The first migration for each provider (the design-time factories configure the contexts as the server does).
if [ "$MIGRATIONS" -eq 1 ]; then
  dotnet tool restore >/dev/null
  dotnet restore "$PROJECT" -v q
  dotnet ef migrations add Initial --project "$PROJECT" --context "${NAME}SqliteDbContext" --output-dir Storage/Migrations/Sqlite
  dotnet ef migrations add Initial --project "$PROJECT" --context "${NAME}PostgresDbContext" --output-dir Storage/Migrations/PostgreSql --no-build
fi

echo
echo "Created $DIR ($KEBAB, schema $SCHEMA) and $TEST; added to Mekong.slnx and the Server's references."
echo "The one line left: add"
echo "        ${NAME}Module.Module,            (with 'using Mekong.Modules.$NAME;', or spelled Mekong.Modules.$NAME.${NAME}Module.Module)"
echo "to the list in src/Mekong.Server/Hosting/ModuleTable.cs (after the modules whose contracts it uses)."
