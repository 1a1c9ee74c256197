#!/bin/sh
# Installs libproduct's build and test dependencies from Debian's packages.
# Usage: .ci/install-deps.sh [--ci]   (--ci adds the tools only CI needs)
set -eu
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
pkgs="build-essential autoconf autoconf-archive automake libtool pkg-config
      libglib2.0-dev libyajl-dev check swig python3 python3-dev python3-pytest"
if [ "${1:-}" = "--ci" ]; then
  pkgs="$pkgs valgrind xz-utils abigail-tools clang libclang-rt-dev g++
        gcovr cppcheck clang-tidy gtk-doc-tools"
fi
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
