#!/usr/bin/env bash
# Builds the images listed in scripts/images.txt: for this machine's platform into the local image
# store (and optionally into a kind cluster), for linux/amd64 and linux/arm64 with docker buildx
# straight to a registry (--registry REG --push), or in Azure Container Registry with az acr build
# (--acr NAME). Run `scripts/build-images.sh --help` for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build-images.sh [options] [IMAGE...]

Builds every image listed in scripts/images.txt (or only those named), from the repository root,
each with --build-arg SERVICE_VERSION=<its tag>.

  IMAGE              an image to build, with or without its owner (voting/voting-app:2.0,
                     voting-app:2.0), or without tag for all of its versions (voting-app)

Where the images go:
  (default)          into the local Docker image store, built for this machine's platform
  --registry REG     also tag each local image REG/<image>, e.g. myacr.azurecr.io (default: $REGISTRY)
  --push             build for linux/amd64 and linux/arm64 with docker buildx and push REG/<image>
                     (needs --registry); a multi-platform image is not loaded locally
  --kind CLUSTER     build for this machine's platform and load the images into the kind cluster
                     CLUSTER (default: $KIND_CLUSTER)
  --acr NAME         build in Azure Container Registry NAME with az acr build, no local Docker
                     needed: one platform per image, linux/amd64 unless --platform says otherwise

Options:
  --platform PLAT    the platform(s) to build: with --push a comma-separated list (default
                     linux/amd64,linux/arm64); otherwise one, e.g. linux/amd64 on an arm64 Mac
  --builder NAME     the buildx builder for --push (default: voting-multiarch, created with the
                     docker-container driver if it does not exist)
  --dry-run          print every command instead of running it (the builder as if it were missing)
  -h, --help         show this help

Examples:
  scripts/build-images.sh
  scripts/build-images.sh --registry myacr.azurecr.io --push
  scripts/build-images.sh --kind voting voting-app
  scripts/build-images.sh --acr myacr --platform linux/arm64
USAGE
}

fail() {
  echo "build-images: $*" >&2
  exit 2
}

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images_file="$repo_root/scripts/images.txt"

registry="${REGISTRY:-}"
kind_cluster="${KIND_CLUSTER:-}"
platform=""
builder="voting-multiarch"
acr=""
push=false
dry_run=false
filters=()

while [ "$#" -gt 0 ]; do
  case "$1" in
    --registry)
      [ "$#" -ge 2 ] || fail "--registry needs a value, e.g. --registry myacr.azurecr.io"
      registry="$2"
      shift 2
      ;;
    --registry=*) registry="${1#*=}"; shift ;;
    --kind)
      [ "$#" -ge 2 ] || fail "--kind needs the kind cluster name, e.g. --kind voting"
      kind_cluster="$2"
      shift 2
      ;;
    --kind=*) kind_cluster="${1#*=}"; shift ;;
    --platform)
      [ "$#" -ge 2 ] || fail "--platform needs a value, e.g. --platform linux/amd64"
      platform="$2"
      shift 2
      ;;
    --platform=*) platform="${1#*=}"; shift ;;
    --builder)
      [ "$#" -ge 2 ] || fail "--builder needs a value, e.g. --builder voting-multiarch"
      builder="$2"
      shift 2
      ;;
    --builder=*) builder="${1#*=}"; shift ;;
    --acr)
      [ "$#" -ge 2 ] || fail "--acr needs the registry name, e.g. --acr myacr"
      acr="$2"
      shift 2
      ;;
    --acr=*) acr="${1#*=}"; shift ;;
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; while [ "$#" -gt 0 ]; do filters+=("$1"); shift; done ;;
    -*) usage >&2; fail "unknown option: $1" ;;
    *) filters+=("$1"); shift ;;
  esac
done

registry="${registry%/}"
if [ -n "$acr" ]; then
  if [ "$push" = true ] || [ -n "$registry" ] || [ -n "$kind_cluster" ]; then
    fail "--acr builds and stores the images in Azure: it goes with none of --registry, --push, --kind"
  fi
  case "$platform" in *,*) fail "--acr builds one platform per image (az acr build --platform takes one): $platform" ;; esac
fi
if [ "$push" = true ] && [ -z "$registry" ]; then
  fail "--push needs --registry REG (or REGISTRY=REG): the registry to push to"
fi
# A multi-platform build cannot be loaded into the local image store: only --push takes a list.
if [ "$push" = false ]; then
  case "$platform" in *,*) fail "--platform $platform: more than one platform needs --registry REG --push" ;; esac
fi
[ -f "$images_file" ] || fail "cannot find $images_file"

# Prints one command, shell-quoted where a word needs it, or runs it.
run() {
  if [ "$dry_run" = true ]; then
    local word quoted="" piece
    for word in "$@"; do
      if [[ "$word" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
        piece="$word"
      else
        printf -v piece '%q' "$word"
      fi
      quoted+="$piece "
    done
    echo "${quoted% }"
  else
    echo "+ $*" >&2
    "$@"
  fi
}

# True when the image is wanted: no filter given, or one filter names it with or without its tag.
wanted() {
  local image="$1" name="${1%:*}" filter
  [ "${#filters[@]}" -eq 0 ] && return 0
  for filter in "${filters[@]}"; do
    case "$filter" in
      "$image" | "${image##*/}" | "$name" | "${name##*/}") return 0 ;;
    esac
  done
  return 1
}

selected=()
matched_filters=""
while read -r image dockerfile _; do
  case "$image" in "" | "#"*) continue ;; esac
  [ -n "${dockerfile:-}" ] || fail "images.txt: no Dockerfile given for $image"
  [ -f "$repo_root/$dockerfile" ] || fail "images.txt: $dockerfile (for $image) does not exist"
  case "$image" in *:*) ;; *) fail "images.txt: $image has no tag (the tag is its SERVICE_VERSION)" ;; esac
  if wanted "$image"; then
    selected+=("$image $dockerfile")
    matched_filters="$matched_filters $image ${image##*/} ${image%:*} $(basename "${image%:*}")"
  fi
done <"$images_file"

if [ "${#filters[@]}" -gt 0 ]; then
  for filter in "${filters[@]}"; do
    case " $matched_filters " in
      *" $filter "*) ;;
      *) fail "no image in scripts/images.txt matches '$filter'" ;;
    esac
  done
fi
[ "${#selected[@]}" -gt 0 ] || fail "scripts/images.txt lists no images"

if [ "$dry_run" = false ]; then
  if [ -n "$acr" ]; then
    command -v az >/dev/null 2>&1 || fail "az (the Azure CLI) is not installed, but --acr was given"
  else
    command -v docker >/dev/null 2>&1 || fail "docker is not installed (use --dry-run to see the commands)"
  fi
  if [ -n "$kind_cluster" ]; then
    command -v kind >/dev/null 2>&1 || fail "kind is not installed, but --kind was given"
  fi
fi

cd "$repo_root"

# In Azure: az acr build, one image and one platform per run (it builds from the same context,
# .dockerignore included, and pushes to the registry).
if [ -n "$acr" ]; then
  for entry in "${selected[@]}"; do
    image="${entry%% *}"
    dockerfile="${entry#* }"
    run az acr build --registry "$acr" --image "$image" --file "$dockerfile" \
      --build-arg "SERVICE_VERSION=${image##*:}" --platform "${platform:-linux/amd64}" .
  done
  exit 0
fi

# Multi-platform, to the registry: a buildx builder with the docker-container driver can build
# several platforms at once (the default "docker" driver cannot). Made once, kept for next time.
if [ "$push" = true ]; then
  if [ "$dry_run" = true ] || ! docker buildx inspect "$builder" >/dev/null 2>&1; then
    if [ "$dry_run" = false ] && ! docker buildx version >/dev/null 2>&1; then
      fail "--push builds with docker buildx, which is not installed (Docker Desktop has it; on Linux, install the docker-buildx-plugin package)"
    fi
    run docker buildx create --name "$builder" --driver docker-container --bootstrap
  fi
  for entry in "${selected[@]}"; do
    image="${entry%% *}"
    dockerfile="${entry#* }"
    run docker buildx build --builder "$builder" --platform "${platform:-linux/amd64,linux/arm64}" \
      --file "$dockerfile" --build-arg "SERVICE_VERSION=${image##*:}" --tag "$registry/$image" \
      --push .
  done
fi

# Single-platform, into the local image store (and from there into kind): without --push, or
# with --kind as well.
if [ "$push" = false ] || [ -n "$kind_cluster" ]; then
  for entry in "${selected[@]}"; do
    image="${entry%% *}"
    dockerfile="${entry#* }"
    build=(docker build --file "$dockerfile" --build-arg "SERVICE_VERSION=${image##*:}" --tag "$image")
    if [ -n "$registry" ] && [ "$push" = false ]; then
      build+=(--tag "$registry/$image")
    fi
    if [ -n "$platform" ] && [ "$push" = false ]; then
      build+=(--platform "$platform")
    fi
    run "${build[@]}" .
  done
fi

if [ -n "$kind_cluster" ]; then
  for entry in "${selected[@]}"; do
    run kind load docker-image "${entry%% *}" --name "$kind_cluster"
  done
fi
