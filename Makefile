# Two commands set everything up on a fresh machine (see README.md):
#   make run    build, then run supervisord in the foreground on examples/supervisord.conf
#   make test   everything: vet, unit tests with -race, the conformance suite on ours and the reference

GO         ?= go
BIN        := bin/supervisord
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME   ?= 15s

.PHONY: all build run test reference vet unit lint fuzz bench golden clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/supervisord

run: build
	mkdir -p run
	./$(BIN) -n -c examples/supervisord.conf

# The reference (Debian's supervisor 4.2.5-1) is fetched into .cache/ on demand;
# the conformance suite fails without it unless CONFORMANCE_SKIP_REFERENCE=1 (local only).
reference:
	scripts/reference --dir >/dev/null

vet:
	$(GO) vet ./...

unit:
	$(GO) test -race -count=1 ./...

test: reference vet unit

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	# ST1005 is off: our error texts are the reference's messages verbatim
	# (capitalised, punctuated), which is the point of this project.
	$(GO) run $(STATICCHECK) -checks 'inherit,-ST1005' ./...

fuzz:
	scripts/fuzz $(FUZZTIME)

# Side by side with the reference: each figure, the reference's, and the ratio.
bench: reference
	$(GO) test -run '^$$' -bench . -benchtime 1x ./conformance

clean:
	rm -rf bin run
