#!/usr/bin/env bash
# Installs a software Vulkan that Dawn accepts (Mesa 25's lavapipe from Debian bookworm-backports),
# so the webgpu backend runs on a machine without a GPU. Idempotent: does nothing when lavapipe's
# ICD is already installed. Debian 12's own Mesa 22.3 is rejected by Dawn
# ("Vulkan shaderUniform*ArrayDynamicIndexing required"), hence backports. Needs root and apt.
set -euo pipefail

# grep without -q reads its whole input: with pipefail, `ldconfig -p | grep -q` fails whenever grep
# exits before ldconfig has written everything (SIGPIPE).
icd_present() {
  ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 &&
    dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep '^2[5-9]\.' >/dev/null &&
    ldconfig -p | grep 'libvulkan\.so\.1' >/dev/null
}

if icd_present; then
  echo "software-vulkan: lavapipe $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers) already installed"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "software-vulkan: needs root (apt-get) to install mesa-vulkan-drivers from bookworm-backports" >&2
  exit 1
fi

. /etc/os-release
if [ "${VERSION_CODENAME:-}" != bookworm ]; then
  echo "software-vulkan: written for Debian 12 (bookworm); this is ${PRETTY_NAME:-unknown}" >&2
  exit 1
fi

sources=/etc/apt/sources.list.d/bookworm-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # The same mirror as the machine's own Debian entry.
  uri=$(awk '/^URIs:/ && $2 ~ /debian\/?$/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri=${uri:-http://deb.debian.org/debian}
  cat >"$sources" <<SRC
Types: deb
URIs: $uri
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null
icd_present || { echo "software-vulkan: install finished but lavapipe's ICD is missing" >&2; exit 1; }
echo "software-vulkan: installed lavapipe $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers)"
