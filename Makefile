# Atalaya — one entry point for people and CI.
#   make run    install what is missing, build, create the demo store if absent, open the app
#   make test   every check: formatting, lints, Rust tests (with a real Secret Service), UI tests,
#               end-to-end tests in the real WebView
#   make bench  benchmarks, each printed beside its baseline from the same run
#   make package  the desktop app as a .deb
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
TARGET_DIR ?= $(or $(CARGO_TARGET_DIR),target)
export CARGO_TARGET_DIR := $(abspath $(TARGET_DIR))
ATALAYA := $(CARGO_TARGET_DIR)/debug/atalaya

# The demo store `make run` opens. Its passphrase is public on purpose: demo data only.
DEMO_DIR ?= $(CURDIR)/demo-data
ATALAYA_DB ?= $(DEMO_DIR)/atalaya.db
DEMO_PASSPHRASE ?= atalaya-demo
DEMO_INCIDENTS ?= 200000
# Events behind the raw demo source files `make run` writes and imports (patrols, citizens, cameras,
# the Fiscalía's register; plus a week of GPS tracks).
DEMO_SOURCE_EVENTS ?= 20000
# The demo's offline base map (its streets and areas as PMTiles), written from the store.
DEMO_TILES ?= $(DEMO_DIR)/providencia.pmtiles

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := build-essential pkg-config libwebkit2gtk-4.1-dev libayatana-appindicator3-dev \
  librsvg2-dev libxdo-dev xvfb xauth webkit2gtk-driver chromium imagemagick file \
  gnome-keyring dbus-daemon dbus-x11 sqlite3 python3-venv postgresql

.PHONY: help deps build run test test-rust lint fmt layering bench sync-demo

help:
	@echo "make run    — build and open Atalaya on the demo store ($(ATALAYA_DB))"
	@echo "make test   — run every test and check"
	@echo "make bench  — run the benchmarks"
	@echo "make package — build the .deb"
	@echo "make sync-demo — a sync server and two workstations on loopback (README walk-through)"

## System packages: installed only when missing (apt-get update once, then install).
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	command -v node >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@command -v $(CARGO) >/dev/null || { echo "Rust is required: install it with rustup (https://rustup.rs)"; exit 1; }

-include mk/desktop.mk
-include mk/pyref.mk

build: deps ui-build
	$(DESKTOP_CARGO_BUILD)

run: build
	@if [ ! -e "$(ATALAYA_DB)" ]; then \
	  echo "creating the demo store $(ATALAYA_DB) ($(DEMO_INCIDENTS) incidents)"; \
	  ATALAYA_PASSPHRASE=$(DEMO_PASSPHRASE) $(ATALAYA) --db "$(ATALAYA_DB)" demo --seed 1 --incidents $(DEMO_INCIDENTS) && \
	  echo "writing the demo's raw source files into $(DEMO_DIR)/fuentes and importing them" && \
	  $(ATALAYA) demo --seed 2 --incidents $(DEMO_SOURCE_EVENTS) --sources "$(DEMO_DIR)/fuentes" && \
	  ATALAYA_PASSPHRASE=$(DEMO_PASSPHRASE) $(ATALAYA) --db "$(ATALAYA_DB)" import "$(DEMO_DIR)/fuentes"; \
	fi
	@if [ ! -e "$(DEMO_TILES)" ]; then \
	  echo "writing the demo base map $(DEMO_TILES)"; \
	  ATALAYA_PASSPHRASE=$(DEMO_PASSPHRASE) $(ATALAYA) --db "$(ATALAYA_DB)" tiles build --out "$(DEMO_TILES)"; \
	fi
	ATALAYA_DB="$(ATALAYA_DB)" ATALAYA_PASSPHRASE=$(DEMO_PASSPHRASE) ATALAYA_TILES="$(DEMO_TILES)" \
	  $(MAKE) --no-print-directory desktop-run

fmt:
	$(CARGO) fmt --all

lint: ui-build
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Rust tests run inside a private D-Bus session with an unlocked gnome-keyring, so the Secret
## Service keyring test talks to a real keyring.
test-rust: ui-build pyref
	dbus-run-session -- bash -c 'echo -n atalaya-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
	  ATALAYA_TEST_SECRET_SERVICE=1 $(CARGO) test --workspace --all-targets'

test: deps build lint test-rust ui-check ui-test e2e
	@echo "make test: all checks passed"

## The README's sync walk-through on loopback: a server, two workstations, offline edits.
sync-demo:
	$(CARGO) build -p atalaya-cli
	ATALAYA=$(ATALAYA) tests/sync/demo.sh

bench: deps pyref
	$(CARGO) bench -p atalaya --bench store
	$(CARGO) bench -p atalaya --bench analysis
	$(CARGO) bench -p atalaya-cli --bench import
	$(CARGO) bench -p atalaya-analysis --bench analysis
	$(CARGO) bench -p atalaya-server --bench sync
	$(MAKE) --no-print-directory bench-app
