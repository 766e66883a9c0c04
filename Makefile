# kbbot: the two set-up commands are `go run ./cmd/kbbot ask "…"` and `make test`.
GO ?= go
PKGS := ./...

.PHONY: test vet fmt axe build bench cover clean deploy-check

# make test: vet, gofmt check and the whole suite. Tests that need Redis
# start their own redis-server on a free port (never 6379), so this only
# needs redis-server on PATH (.ci/run installs it).
test: vet fmt axe
	@command -v redis-server >/dev/null || { echo "redis-server is not installed: apt-get install -y redis-server"; exit 1; }
	$(GO) test -race -count=1 -timeout 10m $(PKGS)

# axe-core for the web catalogue's accessibility check (bot/web), from the
# npm registry at the version .ci/axe/package-lock.json pins. Without npm
# the browser test says it is skipped (and fails in CI, where CI is set).
AXE := .ci/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): .ci/axe/package.json .ci/axe/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix .ci/axe --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility check of bot/web will be skipped"; fi

vet:
	$(GO) vet $(PKGS)

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

build:
	$(GO) build -o bin/kbbot ./cmd/kbbot

# make bench: the search, ask and index-build benchmarks at 1,000 and 10,000 entries,
# and the web catalogue's pages at 10,000.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime 2000x ./knowledge/search/ ./handlers/
	$(GO) test -run '^$$' -bench Catalogue -benchtime 1000x ./bot/web/

# make deploy-check: render both Kubernetes kustomizations as kubectl apply -k
# would (the base, Socket Mode, and the HTTP-mode overlay). Not part of make
# test: the first run downloads kustomize through the Go module proxy.
KUSTOMIZE ?= $(GO) run sigs.k8s.io/kustomize/kustomize/v5@v5.7.1
deploy-check:
	$(KUSTOMIZE) build deploy/k8s >/dev/null
	$(KUSTOMIZE) build deploy/k8s-http >/dev/null
	@echo "deploy/k8s and deploy/k8s-http render"

cover:
	$(GO) test -count=1 -coverprofile=cover.out $(PKGS) && $(GO) tool cover -func=cover.out | tail -1

clean:
	rm -rf bin cover.out
