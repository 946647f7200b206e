# Sách báo cáo Chính phủ điện tử — các lệnh thường dùng.
#   make book                 dựng sách (tạo môi trường nếu chưa có)
#   make book COUNTRY=KHM YEAR=2022
#   make book QUARTER=2022Q3
#   make test                 kiểm thử (cũng là lệnh .ci/run gọi)
#   make import-un FILE=đường/dẫn/EGOV_DATA_2026.csv
#   make book NO_WAIT=1       không chờ nếu một bản dựng khác đang chạy (dừng ngay, báo lỗi)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COUNTRY ?= VNM
YEAR ?=
JOBS ?=

QUARTER ?=
NO_WAIT ?=
BUILD_ARGS := --country $(COUNTRY) $(if $(YEAR),--year $(YEAR)) $(if $(QUARTER),--quarter $(QUARTER)) $(if $(JOBS),--jobs $(JOBS)) $(if $(NO_WAIT),--no-wait)

.PHONY: env book test test-fast lint import-un validate clean browser-deps pdf-deps benchmark golden

env: $(STAMP)

# The environment is made from the full lock (requirements.txt); the project's own package is
# installed editable so notebooks import the code in scripts/.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# When egovbook fails it has already said why, in Vietnamese; GNU Make would then add its own
# English "make: *** [Makefile:NN: book] Error 2". Make prints that line whenever a recipe fails,
# so a top-level `make book|validate|import-un` (goals only from that list; not -n, -q or -t)
# runs the real rules in a sub-make whose stderr loses that line, and itself runs in question
# mode (-q): GNU Make's one way to end with a non-zero status (1) without a message of its own.
# The status of the sub-make comes back through a temporary file; `book` fails (silently, -q)
# when it is not 0. Ctrl-C: the shells here outlive SIGINT, so neither make adds "Interrupt".
QUIET_GOALS := book validate import-un
MAKE_ERROR_LINE := ^make(\[[0-9]+\])?: \*\*\* (\[[^]]*\] |Waiting for unfinished jobs)
MAKE_SHORT := $(filter-out -%,$(firstword $(MAKEFLAGS)))
ifeq ($(MAKELEVEL),0)
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(QUIET_GOALS),$(MAKECMDGOALS)),)
ifeq ($(findstring n,$(MAKE_SHORT))$(findstring q,$(MAKE_SHORT))$(findstring t,$(MAKE_SHORT)),)
QUIET_WRAP := 1
endif
endif
endif
endif

ifdef QUIET_WRAP
MAKEFLAGS += -q
QUIET_STATUS := $(shell mktemp)
_quiet_run:
	+@trap 'rm -f $(QUIET_STATUS)' INT; \
	{ { trap : INT; \
	    MAKEFLAGS="$$(printf '%s' "$$MAKEFLAGS" | sed -E 's/^([^ -]*)q/\1/')" \
	      $(MAKE) --no-print-directory $(MAKECMDGOALS); echo $$? > $(QUIET_STATUS); \
	  } 2>&1 1>&9 | ( trap '' INT; exec grep --line-buffered -vE '$(MAKE_ERROR_LINE)' ) 1>&2; \
	} 9>&1; exit 0

# Expanded after _quiet_run has run: a recipe line only if the sub-make failed.
.PHONY: _quiet_run _quiet_status
_quiet_status: _quiet_run
	$(if $(filter-out 0,$(file < $(QUIET_STATUS))$(shell rm -f $(QUIET_STATUS))),@exit 1)

$(QUIET_GOALS): _quiet_status ;
else
book: $(STAMP) pdf-deps
	$(BIN)/egovbook build $(BUILD_ARGS)

validate: $(STAMP)
	$(BIN)/egovbook validate

import-un: $(STAMP)
	@test -n "$(FILE)" || { echo "Cần chỉ tệp: make import-un FILE=EGOV_DATA_<năm>.csv" >&2; exit 2; }
	$(BIN)/egovbook import-un $(FILE)
endif

lint: $(STAMP)
	$(BIN)/ruff check scripts tests notebooks

# Browser tests: Debian's Chromium (Playwright cannot download browsers here) and axe-core from
# npm (package-lock.json). Installed when missing and possible; otherwise those tests skip
# locally and fail in CI.
# fonts-dejavu-core: a system sans-serif with every Vietnamese letter for the page text.
browser-deps: node_modules/axe-core/axe.min.js
	@if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài Chromium và phông chữ (apt-get install chromium fonts-dejavu-core)…"; \
	    apt-get update -qq >/dev/null && \
	      apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "Không có /usr/bin/chromium: các kiểm thử trình duyệt sẽ bị bỏ qua."; fi; \
	fi

# Print edition (PDF): WeasyPrint needs the system Pango, and the print fonts are DejaVu
# (fonts-dejavu-extra has the italics). Installed when missing and possible (root with apt);
# otherwise the build stops, keeps the published book and says what to install.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra
DEJAVU := /usr/share/fonts/truetype/dejavu
pdf-deps:
	@if ! { /sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null; } | grep -q 'libpangoft2-1.0.so.0' \
	    || [ ! -e $(DEJAVU)/DejaVuSerif.ttf ] || [ ! -e $(DEJAVU)/DejaVuSerif-Italic.ttf ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài thư viện và phông chữ cho bản PDF (apt-get install $(PDF_PACKAGES))…"; \
	    apt-get update -qq >/dev/null && apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  fi; \
	fi

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP) lint browser-deps pdf-deps
	@$(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "Không có kiểm thử nào được chạy."; exit 1; fi; exit $$rc

clean:
	rm -rf _build

# Build-speed figures: clean build, no-change rebuild, quarterly change, jupyter-book baseline.
benchmark: $(STAMP)
	$(BIN)/python scripts/benchmark.py

# The reviewed snapshot of every glued value (tests/golden/values-default.json): rebuild the
# default book, then rewrite the snapshot and print what changed. Commit it only after reading.
golden: $(STAMP)
	$(BIN)/egovbook build --country VNM
	$(BIN)/egovbook golden

# Everyday tier: unit tests and small fixtures, no notebook runs or book builds.
test-fast: $(STAMP) lint
	@$(BIN)/python -m pytest -m "not slow and not browser" -q; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "Không có kiểm thử nào được chạy."; exit 1; fi; exit $$rc
