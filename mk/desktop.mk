# Desktop app: the UI (ui/), the Tauri shell (src-tauri/) and their tests. Included by the root
# Makefile; every target is non-interactive (CI=true, no stdin) except `desktop-run`.
#
#   ui-deps        npm ci in ui/ when node_modules is missing or older than the lock file
#   ui-build       ui/dist (what the desktop binary embeds), rebuilt when a UI source changes
#   ui-check       svelte-check (types, a11y) + prettier --check over ui/ and tests/e2e/
#   ui-test        UI tests in headless system Chromium against mocked IPC (node --test)
#   desktop-build  the atalaya-desktop binary (and the rest of the workspace, same invocation)
#   desktop-run    opens the app on $(ATALAYA_DB) (else the default store path)
#   e2e            the real app in WebKit via tauri-driver + WebKitWebDriver under Xvfb
#   bench-app      the release app on a 1M-incident store: unlock → first frame, filter p95, RSS
#   package        the .deb (Tauri's bundler, from the npm registry's prebuilt tauri CLI)

CARGO ?= cargo
NPM ?= npm
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
# The root `build` target's cargo invocation too, so artifacts are shared, not rebuilt with
# another feature set. Two steps: `generate_context!` compresses ui/dist into a cache in the
# desktop crate's OUT_DIR, writing each file in place (no temp file and rename), and with
# `--all-targets` two compiles of that crate (the library and its unit tests) expand it at
# once, so after a UI change one could embed a file the other was still writing: the window
# then stays blank, the page's script answered with index.html. The first step is the only
# compile that expands it; the second finds the cache complete.
DESKTOP_CARGO_BUILD ?= $(CARGO) build --workspace && $(CARGO) build --workspace --all-targets
DESKTOP_BIN := $(abspath $(TARGET_DIR))/debug/atalaya-desktop
ATALAYA_CLI_BIN := $(abspath $(TARGET_DIR))/debug/atalaya

TOOLS_DIR ?= $(HOME)/.cache/atalaya-tools
TAURI_DRIVER_VERSION ?= 2.1.0
TAURI_DRIVER ?= $(TOOLS_DIR)/bin/tauri-driver
WEBKIT_WEBDRIVER ?= /usr/bin/WebKitWebDriver
CHROMIUM_PATH ?= /usr/bin/chromium
XVFB_RUN ?= xvfb-run -a -s "-screen 0 1920x1080x24"

NPM_CI := CI=true $(NPM) ci --no-audit --no-fund --prefer-offline
UI_STAMP := ui/node_modules/.package-lock.json
E2E_STAMP := tests/e2e/node_modules/.package-lock.json
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/package.json \
  ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: ui-deps ui-build ui-check ui-test desktop-build desktop-run e2e e2e-deps bench-app package

ui-deps: $(UI_STAMP)
$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && $(NPM_CI) </dev/null
	touch $@

e2e-deps: $(E2E_STAMP)
$(E2E_STAMP): tests/e2e/package.json tests/e2e/package-lock.json
	cd tests/e2e && $(NPM_CI) </dev/null
	touch $@

ui-build: ui/dist/index.html
ui/dist/index.html: $(UI_SOURCES) $(UI_STAMP)
	cd ui && CI=true $(NPM) run build </dev/null

ui-check: $(UI_STAMP)
	cd ui && CI=true $(NPM) run check </dev/null
	cd ui && CI=true $(NPM) run format:check </dev/null
	ui/node_modules/.bin/prettier --check --ignore-path tests/e2e/.prettierignore tests/e2e </dev/null

ui-test: $(UI_STAMP)
	@test -x $(CHROMIUM_PATH) || { echo "ui-test needs Chromium at $(CHROMIUM_PATH): run 'make deps'"; exit 1; }
	cd ui && CI=true CHROMIUM_PATH=$(CHROMIUM_PATH) $(NPM) test </dev/null

desktop-build: ui-build
	$(DESKTOP_CARGO_BUILD)

desktop-run: desktop-build
	$(if $(ATALAYA_DB),ATALAYA_DB="$(ATALAYA_DB)") $(DESKTOP_BIN)

# tauri-driver lives in a cache outside the clone; pinned because the unpinned install is a 3.0
# alpha. `env -u CARGO_TARGET_DIR`: its build stays out of the workspace's target dir.
$(TAURI_DRIVER):
	env -u CARGO_TARGET_DIR $(CARGO) install tauri-driver --version $(TAURI_DRIVER_VERSION) \
	  --locked --root $(TOOLS_DIR)

e2e: desktop-build $(E2E_STAMP) $(TAURI_DRIVER)
	@test -x $(WEBKIT_WEBDRIVER) && command -v xvfb-run >/dev/null || \
	  { echo "e2e needs $(WEBKIT_WEBDRIVER) and xvfb-run: run 'make deps'"; exit 1; }
	cd tests/e2e && CI=true ATALAYA_DESKTOP_BIN=$(DESKTOP_BIN) ATALAYA_CLI_BIN=$(ATALAYA_CLI_BIN) \
	  TAURI_DRIVER=$(TAURI_DRIVER) WEBKIT_WEBDRIVER=$(WEBKIT_WEBDRIVER) \
	  E2E_SCREENSHOTS=$(abspath $(TARGET_DIR))/e2e-screenshots \
	  $(XVFB_RUN) $(NPM) test </dev/null

# Release binaries for the app benchmark (a debug build would time the optimizer's absence).
RELEASE_DIR := $(abspath $(TARGET_DIR))/release
BENCH_APP_DIR ?= $(abspath $(TARGET_DIR))/bench-app
bench-app: ui-build $(E2E_STAMP) $(TAURI_DRIVER)
	$(CARGO) build --release -p atalaya-desktop -p atalaya-cli
	cd tests/e2e && CI=true ATALAYA_DESKTOP_BIN=$(RELEASE_DIR)/atalaya-desktop \
	  ATALAYA_CLI_BIN=$(RELEASE_DIR)/atalaya TAURI_DRIVER=$(TAURI_DRIVER) \
	  WEBKIT_WEBDRIVER=$(WEBKIT_WEBDRIVER) ATALAYA_BENCH_APP_DIR=$(BENCH_APP_DIR) \
	  E2E_SCREENSHOTS=$(abspath $(TARGET_DIR))/e2e-screenshots \
	  $(XVFB_RUN) node bench/app-perf.mjs </dev/null

# The .deb lands in $(TARGET_DIR)/release/bundle/deb/. The tauri CLI is the npm registry's
# prebuilt binary, pinned, run through npm's cache (no global install).
TAURI_CLI_VERSION ?= 2.12.5
package: deps ui-build
	$(CARGO) build --release -p atalaya-cli
	rm -f $(RELEASE_DIR)/bundle/deb/*.deb
	TAURI_APP_PATH=src-tauri TAURI_FRONTEND_PATH=ui CI=true \
	  $(NPM) exec --yes --package=@tauri-apps/cli@$(TAURI_CLI_VERSION) -- tauri build --bundles deb </dev/null
	mk/finish-deb.sh $(RELEASE_DIR)/bundle/deb/*.deb $(RELEASE_DIR)/atalaya
	@ls -l $(RELEASE_DIR)/bundle/deb/*.deb
