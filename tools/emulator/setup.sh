#!/usr/bin/env bash
# Set up LocalStack in host mode (no Docker, no licence token) under .cache/localstack/.
#
# Idempotent: a stamp file records what was installed; a second run with the same pins and
# plugin sources returns at once. Facts behind each step: shared/reference/local-aws.md.
#
# Exit codes: 0 ready; 3 no Python >= 3.12 on this machine (the emulator tier is skipped);
# anything else: an install step failed.
#
# Environment: EMULATOR_PYTHON=/path/to/python3.12+ picks the interpreter;
#              EMULATOR_CACHE=<dir> moves the cache (default: <repo>/.cache/localstack).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${EMULATOR_CACHE:-$repo/.cache/localstack}"
venv="$cache/venv"
stamp="$cache/setup.stamp"

LOCALSTACK_PIN="localstack-core[runtime]==2026.3.0"
# localstack-core 2026.3.0 breaks with newer releases of these (see local-aws.md)
EXTRA_PINS=("cbor2<6" "pyopenssl==25.3.0" "cryptography<47" "service_identity")
KINESIS_LOCAL_PIN="kinesis-local@0.5.2"

say() { printf '[emulator setup] %s\n' "$*" >&2; }

# --- a Python >= 3.12 --------------------------------------------------------------------------
is_py312() {  # prints the interpreter's real path if it runs and is >= 3.12
    "$1" -c 'import sys; assert sys.version_info >= (3, 12); print(sys.executable)' 2>/dev/null
}

find_python() {
    local cand found
    local candidates=()
    [[ -n "${EMULATOR_PYTHON:-}" ]] && candidates+=("$EMULATOR_PYTHON")
    if command -v pyenv >/dev/null 2>&1; then
        local v prefix
        # prefer 3.13.0 (measured), then any installed 3.13.x / 3.12.x, newest first
        for v in 3.13.0 $(pyenv versions --bare 2>/dev/null | grep -E '^3\.1[23]\.[0-9]+$' | sort -rV); do
            prefix="$(pyenv prefix "$v" 2>/dev/null)" || continue
            [[ -x "$prefix/bin/python" ]] && candidates+=("$prefix/bin/python")
        done
    fi
    # pyenv's interpreters also where pyenv itself is not on PATH (e.g. a CI environment)
    local root="${PYENV_ROOT:-$HOME/.pyenv}"
    for cand in "$root"/versions/3.13.0/bin/python \
        $(ls -d "$root"/versions/3.1[2-9].*/bin/python 2>/dev/null | sort -rV); do
        [[ -x "$cand" ]] && candidates+=("$cand")
    done
    for cand in python3.13 python3.12 python3; do
        command -v "$cand" >/dev/null 2>&1 && candidates+=("$(command -v "$cand")")
    done
    for cand in "${candidates[@]}"; do
        if found="$(is_py312 "$cand")" && [[ -n "$found" ]]; then
            printf '%s\n' "$found"
            return 0
        fi
    done
    return 1
}

if ! python_bin="$(find_python)"; then
    say "no Python >= 3.12 found (looked at \$EMULATOR_PYTHON, pyenv 3.13.0/3.13.x/3.12.x, \$PYENV_ROOT/versions, python3.13, python3.12, python3)."
    say "LocalStack ${LOCALSTACK_PIN#*==} needs Python >= 3.12: install one (e.g. 'pyenv install 3.13.0') to run the emulator tier."
    exit 3
fi

# --- stamp: what this setup would install --------------------------------------------------------
fingerprint="$(
    {
        echo "python=$("$python_bin" -c 'import sys; print(sys.version)')"
        echo "$LOCALSTACK_PIN ${EXTRA_PINS[*]} $KINESIS_LOCAL_PIN"
        cat "$here/setup.sh"
        find "$here/ddb_moto_provider" -type f \( -name '*.py' -o -name '*.toml' \) \
            -not -path '*/build/*' | sort | xargs cat
    } | sha256sum | cut -d' ' -f1
)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$fingerprint" && -x "$venv/bin/python" ]]; then
    say "ready (cached in ${cache#"$repo"/})"
    exit 0
fi

started=$SECONDS
say "using $python_bin ($("$python_bin" -c 'import platform; print(platform.python_version())'))"
mkdir -p "$cache"
rm -f "$stamp"

if [[ ! -x "$venv/bin/python" ]] || ! is_py312 "$venv/bin/python" >/dev/null; then
    say "creating venv ${venv#"$repo"/}"
    rm -rf "$venv"
    "$python_bin" -m venv "$venv"
fi

say "installing $LOCALSTACK_PIN and pins (first time ~80 s)"
"$venv/bin/python" -m pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored: it is neither" >&2 || true
# pip's output condensed to a progress line every 25 packages, then a count (errors in full)
"$venv/bin/python" -m pip install --progress-bar off "$LOCALSTACK_PIN" "${EXTRA_PINS[@]}" 2>&1 \
    | awk '/^Collecting /        { n++; if (n % 25 == 0) printf "[emulator setup]   %d packages resolved...\n", n; fflush() }
           /^Installing collected/ { print "[emulator setup]   installing..."; fflush() }
           /^Successfully installed/ { print "[emulator setup]   installed " NF - 2 " packages"; fflush() }
           /ERROR|error:/        { print; fflush() }' >&2 || true
"$venv/bin/python" -c 'import localstack.runtime.main' \
    || { say "localstack-core did not install"; exit 1; }

say "installing the DynamoDB-on-moto provider plugin"
rm -rf "$here/ddb_moto_provider/build" "$here/ddb_moto_provider/"*.egg-info
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$here/ddb_moto_provider"
rm -rf "$here/ddb_moto_provider/build" "$here/ddb_moto_provider/"*.egg-info

# Kinesis: LocalStack's provider runs the npm package kinesis-local (kinesis-mock); without it a
# deploy with a Kinesis stream hangs trying to download it. Installed where LocalStack looks.
# LocalStack looks for it in <FILESYSTEM_ROOT>/usr/lib/localstack/kinesis-local/<version>/
# (InstallTarget.STATIC_LIBS of localstack.services.kinesis.packages); emulator.py sets
# FILESYSTEM_ROOT to $cache/filesystem.
kinesis_dir="$cache/filesystem/usr/lib/localstack/kinesis-local/${KINESIS_LOCAL_PIN#*@}"
if [[ ! -f "$kinesis_dir/node_modules/kinesis-local/main.js" ]]; then
    if command -v npm >/dev/null 2>&1; then
        say "installing npm $KINESIS_LOCAL_PIN (Kinesis backend)"
        mkdir -p "$kinesis_dir"
        npm install --prefix "$kinesis_dir" --no-audit --no-fund --loglevel=error \
            "$KINESIS_LOCAL_PIN" >/dev/null
    else
        say "npm not found: skipping $KINESIS_LOCAL_PIN (only stacks with a Kinesis stream need it)"
    fi
fi
say "ready in $((SECONDS - started)) s (cached in ${cache#"$repo"/})"
echo "$fingerprint" >"$stamp"
