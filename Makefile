# Sách báo cáo Chính phủ điện tử — các lệnh thường dùng. Mỗi đích gọi dòng lệnh egovbook;
# lỗi được egovbook báo bằng tiếng Việt, sau đó Make có thể in thêm dòng "make: *** … Error N".
#   make book                 dựng sách (tạo môi trường nếu chưa có)
#   make book COUNTRY=KHM YEAR=2022
#   make book QUARTER=2022Q3
#   make publish QUARTER=2022Q3  công bố ấn bản: dựng từ commit hiện tại, ghi vào editions/
#   make site                 dựng lại mọi ấn bản đã công bố thành trang web tĩnh _site/
#   make test                 kiểm thử (cũng là lệnh .ci/run gọi)
#   make test-fast            kiểm thử nhanh hằng ngày (không dựng sách)
#   make validate             chỉ kiểm tra dữ liệu
#   make import-un FILE=đường/dẫn/EGOV_DATA_2026.csv
#   make system-deps          cài gói hệ thống (Pango, phông, Chromium) bằng apt; book/test gọi nó
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
COUNTRY ?= VNM
YEAR ?=
QUARTER ?=
JOBS ?=
NO_WAIT ?=
TARGET_RANK ?=
BUILD_ARGS := --country $(COUNTRY) $(if $(YEAR),--year $(YEAR)) $(if $(QUARTER),--quarter $(QUARTER)) \
	$(if $(JOBS),--jobs $(JOBS)) $(if $(NO_WAIT),--no-wait) $(if $(TARGET_RANK),--target-rank $(TARGET_RANK))

.PHONY: env system-deps book publish site validate import-un test test-fast lint clean benchmark \
	golden

env: $(STAMP)

# The environment is made from the full lock (requirements.txt); the project's own package is
# installed editable so notebooks import the code in scripts/.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install -qq --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# System packages, one documented step (README «Thư viện hệ thống»): Pango and the DejaVu fonts
# for the PDF (WeasyPrint), Debian's Chromium for the browser tests. Installed with apt when
# missing and run as root; otherwise it says what is missing and the build or the tests say so
# again, in Vietnamese, when they need it.
system-deps:
	@sh scripts/system-deps.sh

# axe-core for the accessibility tests, from package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

book: $(STAMP) system-deps
	$(BIN)/egovbook build $(BUILD_ARGS)

# An edition is a published build, recorded in editions/<id>/ (commit that folder afterwards);
# the site rebuilds every recorded edition from its commit (README «Ấn bản, điểm chính, trích dẫn»).
publish: $(STAMP) system-deps
	$(BIN)/egovbook publish $(BUILD_ARGS)

site: $(STAMP) system-deps
	$(BIN)/egovbook site

validate: $(STAMP)
	$(BIN)/egovbook validate

import-un: $(STAMP)
	@test -n "$(FILE)" || { echo "Cần chỉ tệp: make import-un FILE=EGOV_DATA_<năm>.csv" >&2; exit 2; }
	$(BIN)/egovbook import-un $(FILE)

lint: $(STAMP)
	$(BIN)/ruff check scripts tests notebooks

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
test: $(STAMP) system-deps node_modules/axe-core/axe.min.js lint
	$(BIN)/python -m pytest; rc=$$?; [ $$rc -ne 5 ] || echo "Không có kiểm thử nào được chạy."; \
	[ $$rc -eq 0 ]

# Everyday tier: unit tests and small fixtures, no notebook runs or book builds.
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -m "not slow and not browser" -q; rc=$$?; \
	[ $$rc -ne 5 ] || echo "Không có kiểm thử nào được chạy."; [ $$rc -eq 0 ]

clean:
	rm -rf _build _site

# Build-speed figures: clean build, no-change rebuild, quarterly change, jupyter-book baseline.
benchmark: $(STAMP) system-deps
	$(BIN)/python scripts/benchmark.py

# The reviewed snapshot of every glued value (tests/golden/values-default.json): rebuild the
# default book, then rewrite the snapshot and print what changed. Commit it only after reading.
golden: $(STAMP) system-deps
	$(BIN)/egovbook build --country VNM
	$(BIN)/egovbook golden
