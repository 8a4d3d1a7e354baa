# KeyForge: extra corpora (German prose, English technical prose, Python code).
#
# A fragment for the main Makefile (`include scripts/corpora.mk`, after RELEASE_BIN is set);
# it also works alone, with an already built binary:
#   make -f scripts/corpora.mk corpora CORPORA_ROOT=/tmp/corpora-test RELEASE_BIN=.build/release/keyforge
#
#   corpora        fetch the texts (cached: reruns only when the fetch scripts change) and build
#                  text/de_std, text/en_tech_std and code/python under $(CORPORA_ROOT)
#   corpora-check  rebuild the three bundles into $(CORPORA_CHECK) and diff them against
#                  $(CORPORA_ROOT): proves the committed bundles come from the fetched texts
#
# code/python is read from the local Python's standard library, so it is reproducible for one
# Python version only (build/corpora/SOURCES.txt records which).

CORPORA_FETCH ?= build/corpora
CORPORA_ROOT ?= data/system/corpora
CORPORA_CHECK ?= build/corpora-check
RELEASE_BIN ?= .build/release/keyforge

# Included by the main Makefile (which sets SWIFT and has `build`): compile keyforge first.
# Alone: the binary must already exist.
ifdef SWIFT
CORPORA_BIN_DEP ?= build
else
CORPORA_BIN_DEP ?= $(RELEASE_BIN)
endif

CORPORA_SOURCES := $(CORPORA_FETCH)/SOURCES.txt
CORPORA_DE := $(CORPORA_FETCH)/de/fortunes.txt
CORPORA_TECH := $(CORPORA_FETCH)/en-tech/python-docs.txt
CORPORA_PY := $(CORPORA_FETCH)/code/python.txt
CORPORA_BUNDLES := text/de_std text/en_tech_std code/python

.PHONY: corpora corpora-check

$(CORPORA_SOURCES): scripts/fetch_corpora.py scripts/fetch_prose.py
	python3 scripts/fetch_corpora.py $(CORPORA_FETCH)

$(CORPORA_DE) $(CORPORA_TECH) $(CORPORA_PY): $(CORPORA_SOURCES) ;

# $(call corpora_build,ROOT): the three bundles under ROOT
define corpora_build
	$(RELEASE_BIN) corpus build --publish $(CORPORA_DE) --id text/de_std --out $(1)/text/de_std
	$(RELEASE_BIN) corpus build --publish $(CORPORA_TECH) --id text/en_tech_std --out $(1)/text/en_tech_std
	$(RELEASE_BIN) corpus build --publish $(CORPORA_PY) --keep-case --keep-whitespace --drop-indentation --id code/python --out $(1)/code/python
endef

## corpora: fetch German, technical English and Python text and build their bundles (fetch cached)
corpora: $(CORPORA_DE) $(CORPORA_TECH) $(CORPORA_PY) $(CORPORA_BIN_DEP)
	$(call corpora_build,$(CORPORA_ROOT))
ifeq ($(CORPORA_ROOT),data/system/corpora)
	@python3 scripts/gen_embedded.py
	@echo "corpora: bundles written to $(CORPORA_ROOT); rebuild keyforge (make build) to embed them"
endif

## corpora-check: rebuild the three bundles from the fetched texts and prove they are byte-identical to $(CORPORA_ROOT)
corpora-check: $(CORPORA_DE) $(CORPORA_TECH) $(CORPORA_PY) $(CORPORA_BIN_DEP)
	rm -rf $(CORPORA_CHECK)
	$(call corpora_build,$(CORPORA_CHECK))
	@for b in $(CORPORA_BUNDLES); do \
	  diff -r $(CORPORA_CHECK)/$$b $(CORPORA_ROOT)/$$b || { echo "corpora-check: $$b differs from a fresh build"; exit 1; }; \
	done; echo "corpora-check: $(CORPORA_BUNDLES) are byte-identical to a fresh build"
