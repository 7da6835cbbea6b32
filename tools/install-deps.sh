#!/usr/bin/env bash
# Installs everything waftune needs to build and test on Debian 12 (as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential g++ cmake ninja-build pkg-config ca-certificates \
  libsimdjson-dev libre2-dev libcli11-dev libgtest-dev \
  zlib1g-dev libdeflate-dev libisal-dev python3 >/dev/null
# Node.js runs the AWS API model and HCL validators in the tests.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
