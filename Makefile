# WikiCities. `make run` and `make test` do all set-up on a fresh machine.
GO        ?= go
BIN       := bin/wikicities
PG_URL     = $(shell scripts/postgres.sh start)
DATA      := ../shared/data/twin-cities/twin_cities.csv

.PHONY: faults run build test test-go deps lint api-lint bench bench-http fuzz vuln ci-extra clean assets assets-check i18n-add

## run: build and serve on http://127.0.0.1:8080 with the embedded store (demo data on first start)
run: build
	$(BIN) serve --addr 127.0.0.1:8080

## build: the one binary
build:
	$(GO) build -o $(BIN) ./cmd/wikicities

## deps: install what the tests need (Debian packages) and start PostgreSQL
deps:
	scripts/test-deps.sh

## test: the whole suite, race detector on, against SQLite, a private PostgreSQL and a private MediaWiki
## (and in headless Chromium), after checking that the built assets are current
test: deps assets-check
	mw="$$(scripts/mediawiki.sh start)" && eval "$$mw" && \
	WIKICITIES_TEST_POSTGRES_URL="$(PG_URL)" $(GO) test -race -count=1 -timeout 40m ./...

## lint: gofmt, go vet, staticcheck (v0.6.1 is release 2025.1.1), size limits (scripts/size-check.sh), api-lint
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.6.1 ./...
	GO=$(GO) scripts/size-check.sh
	$(MAKE) api-lint

## api-lint: the assembled OpenAPI document (http/openapidump) through Spectral's OpenAPI
## ruleset (.spectral.yaml); any warning fails
api-lint: node_modules
	@mkdir -p bin
	$(GO) run ./http/openapidump bin/openapi.json
	npx --no-install spectral lint --fail-severity=warn bin/openapi.json

## bench: benchmarks with baselines, printed as ratios (see bench/), then bench-http
bench: deps node_modules build
	WIKICITIES_TEST_POSTGRES_URL="$(PG_URL)" $(GO) test -run '^$$' -bench . -benchtime 1x -count 1 ./bench/...
	$(MAKE) bench-http

## bench-http: the running server against nginx serving the same bytes, wrk with 32 connections,
## on the world dataset in SQLite and PostgreSQL, with servers and wrk on CPUs of their own, then sharing
## them (bench/httpbench; BENCH_HTTP_FLAGS="-d 20s" for longer runs)
bench-http: deps build
	WIKICITIES_TEST_POSTGRES_URL="$(PG_URL)" $(GO) run ./bench/httpbench -bin $(BIN) -data $(DATA) $(BENCH_HTTP_FLAGS)

## faults: the fault and load suite (README "Faults and load"): kill -9 during writes on
## both stores, real restarts of a private PostgreSQL (its own port and directory, started
## by the test; the shared one is left alone) under a loaded `serve`, three instances behind
## a round-robin proxy, then mixed load for WIKICITIES_FAULTS_LOAD (default 60s); prints
## its FIGURES lines
faults: deps
	@mkdir -p bin
	WIKICITIES_FAULTS=1 WIKICITIES_TEST_POSTGRES_URL="$(PG_URL)" $(GO) test -count=1 -v -timeout 30m \
		-run '^TestFault' ./cmd/wikicities/ > bin/faults.log 2>&1; rc=$$?; \
		grep -E 'FIGURES|^(--- |ok|FAIL)' bin/faults.log; echo "full log: bin/faults.log"; exit $$rc

## fuzz: every Fuzz* target of the module, FUZZTIME each (default 10s)
fuzz:
	FUZZTIME=$${FUZZTIME:-10s} scripts/fuzz.sh

## vuln: govulncheck against the Go vulnerability database (skipped, loudly, when it cannot be reached)
vuln:
	scripts/vuln.sh

## ci-extra: what CI runs after `make test`: lint, every fuzz target briefly, then govulncheck
ci-extra: lint
	FUZZTIME=5s scripts/fuzz.sh
	scripts/vuln.sh
## assets: rebuild the web assets (http/static, embedded in the binary) from
## their npm packages and web/src; commit the result
assets: node_modules
	node web/build.mjs

## assets-check: fail when http/static is not what web/build.mjs makes from
## package-lock.json and web/src
assets-check: node_modules
	node web/build.mjs --check

node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

## i18n-add: add a message to i18n/en.json and its documentation to i18n/qqq.json:
## make i18n-add KEY=city-twins-heading MSG="Twin cities" DOC="Heading of ..."
i18n-add:
	$(GO) run ./i18n/cmd/i18n-add -key "$(KEY)" -msg "$(MSG)" -doc "$(DOC)"

clean:
	rm -rf bin
