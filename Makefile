# rinse: one pattern rule builds every stage; pkg-config finds the libraries.
#
#   make              build every stage into bin/
#   make check        build and run every test
#   make SAN=1 check  the same with ASan and UBSan, built in build-san/
#   make deps         install the build dependencies (needs root)
#   make install      PREFIX=/usr/local DESTDIR=
#   make bench        run the benchmarks in bench/

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
MANDIR   = $(PREFIX)/share/man/man1
RULEDIR  = $(PREFIX)/share/rinse/rules

CC      ?= cc
CFLAGS  ?= -O2
WARN     = -std=c11 -Wall -Wextra -Wpedantic
PKGS     = libpcre2-8 libutf8proc lmdb
# rinse-rec alone reads JSON, gzip and zstd.
REC_PKGS = json-c zlib libzstd

ifeq ($(SAN),1)
B        = build-san
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
           -fno-omit-frame-pointer -g
else
B       ?= build
SANFLAGS =
endif
BIN      = $(if $(filter 1,$(SAN)),$(B)/bin,bin)

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
REC_CFLAGS := $(shell pkg-config --cflags $(REC_PKGS) 2>/dev/null)
REC_LIBS   := $(shell pkg-config --libs $(REC_PKGS) 2>/dev/null)
# iconv is in glibc and musl; elsewhere (macOS, BSDs) it is GNU libiconv.
ICONV_LIBS := $(shell echo 'char iconv_open(void); int main(void){return iconv_open();}' | \
	$(CC) -x c - -o /dev/null 2>/dev/null || echo -liconv)

ALL_CFLAGS  = $(WARN) $(CFLAGS) $(SANFLAGS) -D_POSIX_C_SOURCE=200809L \
	      -DRULEDIR='"$(RULEDIR)"' -Iinclude $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)
LIBS        = $(PKG_LIBS) $(ICONV_LIBS) -lm

STAGES  = $(sort $(filter-out lib,$(notdir $(wildcard stages/*))))
PROGS   = $(addprefix $(BIN)/rinse-,$(STAGES))
LIBSRC  = $(wildcard stages/lib/*.c)
LIBOBJ  = $(LIBSRC:stages/lib/%.c=$(B)/lib/%.o)
HEADERS = $(wildcard include/rinse/*.h)
UNITSRC = $(wildcard tests/unit/*.c)
UNITS   = $(UNITSRC:tests/unit/%.c=$(B)/tests/%)

all: depcheck $(PROGS)

# Says which dependency is missing and how to install it.
depcheck:
	@missing=; for p in $(PKGS) $(REC_PKGS); do \
		pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; \
	done; \
	if ! command -v pkg-config >/dev/null 2>&1; then missing="pkg-config$$missing"; fi; \
	if [ -n "$$missing" ]; then \
		echo "rinse: missing build dependencies:$$missing" >&2; \
		echo "rinse: install them with: make deps" >&2; \
		echo "rinse: (on Debian/Ubuntu: sudo apt-get install pkg-config libpcre2-dev libutf8proc-dev liblmdb-dev libjson-c-dev zlib1g-dev libzstd-dev)" >&2; \
		exit 1; \
	fi

deps:
	@if command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			build-essential pkg-config libpcre2-dev libutf8proc-dev liblmdb-dev \
			libjson-c-dev zlib1g-dev libzstd-dev zstd wget python3; \
	elif command -v dnf >/dev/null 2>&1; then \
		dnf install -y gcc make pkgconf-pkg-config pcre2-devel utf8proc-devel lmdb-devel \
			json-c-devel zlib-devel libzstd-devel zstd wget python3; \
	elif command -v apk >/dev/null 2>&1; then \
		apk add build-base pkgconf pcre2-dev utf8proc-dev lmdb-dev gnu-libiconv-dev \
			json-c-dev zlib-dev zstd-dev zstd wget python3; \
	elif command -v brew >/dev/null 2>&1; then \
		brew install pkg-config pcre2 utf8proc lmdb libiconv json-c zlib zstd; \
	else \
		echo "rinse: no known package manager; install pkg-config, PCRE2, utf8proc, LMDB, json-c, zlib and zstd development files" >&2; \
		exit 1; \
	fi

$(B)/lib/%.o: stages/lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/librinse.a: $(LIBOBJ)
	rm -f $@
	ar rcs $@ $(LIBOBJ)

# One rule for every stage: all the .c files of stages/NAME make rinse-NAME.
.SECONDEXPANSION:
$(BIN)/rinse-%: $$(wildcard stages/%/*.c) $$(wildcard stages/%/*.h) $(B)/librinse.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Istages/$* -o $@ $(filter %.c,$^) $(B)/librinse.a $(ALL_LDFLAGS) $(LIBS)

# rinse-rec links the record libraries too; no other stage does.
$(BIN)/rinse-rec: ALL_CFLAGS += $(REC_CFLAGS)
$(BIN)/rinse-rec: LIBS += $(REC_LIBS)
$(B)/tests/rec_%: ALL_CFLAGS += $(REC_CFLAGS)
$(B)/tests/rec_%: LIBS += $(REC_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/librinse.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(UNIT_SRCS) $(B)/librinse.a $(ALL_LDFLAGS) $(LIBS)

# html_plain includes rinse-html's main file, as its fuzz harness does,
# and links the rest of the stage.
$(B)/tests/html_plain: UNIT_SRCS = $(filter-out stages/html/html.c,\
	$(wildcard stages/html/*.c))

# A stage's unit test (tests/unit/STAGE_*.c) includes that stage's code.
$(foreach u,$(UNITS),$(eval $(u): $(wildcard stages/$(firstword \
	$(subst _, ,$(notdir $(u))))/*.[ch])))

check: all $(UNITS)
	@BIN=$(BIN) UNITS="$(UNITS)" SAN=$(SAN) sh tests/run

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(RULEDIR)
	cp $(PROGS) $(DESTDIR)$(BINDIR)/
	cp run.sh $(DESTDIR)$(BINDIR)/rinse-run
	for m in man/*.1; do cp $$m $(DESTDIR)$(MANDIR)/; done
	if ls rules/*.rules >/dev/null 2>&1; then cp rules/*.rules $(DESTDIR)$(RULEDIR)/; fi

bench: all
	sh bench/run

# libFuzzer harnesses: make fuzz STAGE=tidy SECONDS=60
STAGE   ?= tidy
SECONDS ?= 60
fuzz:
	sh tests/fuzz/run $(STAGE) $(SECONDS)

bench-deps:
	sh bench/deps

clean:
	rm -rf build build-san bin

.PHONY: all depcheck deps check install bench bench-deps clean fuzz
