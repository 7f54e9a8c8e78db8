#!/usr/bin/env bash
# CI: Debian chromium for the browser tests (tests/web/test_browser.py); never `playwright install`.
set -euo pipefail
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
