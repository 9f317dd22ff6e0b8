#!/usr/bin/env bash
# Builds the images listed in scripts/images.txt, and optionally pushes them to a registry or loads
# them into a kind cluster. Run `scripts/build-images.sh --help` for the options.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: scripts/build-images.sh [options] [IMAGE...]

Builds every image listed in scripts/images.txt (or only those named), from the repository root,
each with --build-arg SERVICE_VERSION=<its tag>.

  IMAGE              an image to build, with or without its owner (voting/voting-app:2.0,
                     voting-app:2.0), or without tag for all of its versions (voting-app)

Options:
  --registry REG     also tag each image REG/<image>, e.g. myacr.azurecr.io (default: $REGISTRY)
  --push             push the REG/<image> tags (needs --registry)
  --kind CLUSTER     load the images into the kind cluster CLUSTER (default: $KIND_CLUSTER)
  --platform PLAT    build for PLAT, e.g. linux/amd64 for AKS nodes when building on an arm64 Mac
  --dry-run          print the commands instead of running them
  -h, --help         show this help

Examples:
  scripts/build-images.sh
  scripts/build-images.sh --registry myacr.azurecr.io --push
  scripts/build-images.sh --kind voting voting-app
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
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; while [ "$#" -gt 0 ]; do filters+=("$1"); shift; done ;;
    -*) usage >&2; fail "unknown option: $1" ;;
    *) filters+=("$1"); shift ;;
  esac
done

registry="${registry%/}"
if [ "$push" = true ] && [ -z "$registry" ]; then
  fail "--push needs --registry REG (or REGISTRY=REG): the registry to push to"
fi
[ -f "$images_file" ] || fail "cannot find $images_file"

# Prints one command, shell-quoted, or runs it.
run() {
  if [ "$dry_run" = true ]; then
    local quoted
    printf -v quoted '%q ' "$@"
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
  command -v docker >/dev/null 2>&1 || fail "docker is not installed (use --dry-run to see the commands)"
  if [ -n "$kind_cluster" ]; then
    command -v kind >/dev/null 2>&1 || fail "kind is not installed, but --kind was given"
  fi
fi

cd "$repo_root"
for entry in "${selected[@]}"; do
  image="${entry%% *}"
  dockerfile="${entry#* }"
  version="${image##*:}"
  build=(docker build --file "$dockerfile" --build-arg "SERVICE_VERSION=$version" --tag "$image")
  if [ -n "$registry" ]; then
    build+=(--tag "$registry/$image")
  fi
  if [ -n "$platform" ]; then
    build+=(--platform "$platform")
  fi
  run "${build[@]}" .
done

for entry in "${selected[@]}"; do
  image="${entry%% *}"
  if [ "$push" = true ]; then
    run docker push "$registry/$image"
  fi
  if [ -n "$kind_cluster" ]; then
    run kind load docker-image "$image" --name "$kind_cluster"
  fi
done
