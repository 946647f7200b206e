# Sách báo cáo Chính phủ điện tử — các lệnh thường dùng.
#   make book                 dựng sách (tạo môi trường nếu chưa có)
#   make book COUNTRY=KHM YEAR=2022
#   make book QUARTER=2022Q3
#   make test                 kiểm thử (cũng là lệnh .ci/run gọi)
#   make import-un FILE=đường/dẫn/EGOV_DATA_2026.csv
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COUNTRY ?= VNM
YEAR ?=
JOBS ?=

QUARTER ?=
BUILD_ARGS := --country $(COUNTRY) $(if $(YEAR),--year $(YEAR)) $(if $(QUARTER),--quarter $(QUARTER)) $(if $(JOBS),--jobs $(JOBS))

.PHONY: env book test test-fast lint import-un validate clean browser-deps benchmark golden

env: $(STAMP)

# The environment is made from the full lock (requirements.txt); the project's own package is
# installed editable so notebooks import the code in scripts/.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/egovbook build $(BUILD_ARGS)

validate: $(STAMP)
	$(BIN)/egovbook validate

import-un: $(STAMP)
	@test -n "$(FILE)" || { echo "Cần chỉ tệp: make import-un FILE=EGOV_DATA_<năm>.csv"; exit 2; }
	$(BIN)/egovbook import-un $(FILE)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests

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

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP) lint browser-deps
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
