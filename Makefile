# Set-up and checks for a fresh machine (Debian/Ubuntu with Python 3.10+).
#   make demo   install, then import the sample article and ingest the sample episode (real voices) into build/demo, offline
#   make test   install what the tests need (espeak-ng via apt when missing), run them

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: demo test system-deps install clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) -e .
	touch $@

# Everything the tests exercise: the openai-whisper engine needs torch, and its CPU build must
# be asked for by version first (a plain `torch` requirement pulls a multi-GB CUDA build).
# resemblyzer (torch) only serves to check the committed ONNX voice encoder against the
# original; --no-deps skips its obsolete `typing` pin. setuptools<81 keeps pkg_resources,
# which webrtcvad imports.
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) torch==2.13.0 'setuptools<81'
	$(PIP) -e '.[test,site-test,openai,ray]' librosa webrtcvad-wheels
	$(PIP) --no-deps resemblyzer==0.1.4
	touch $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	rm -rf build/demo
	$(VENV)/bin/rr --root build/demo articles import samples/razende-reporter-in-de-bloemenbuurt.md
	$(VENV)/bin/rr --root build/demo ingest samples/bloemenbuurt-gesprek.mp4 --wijk Bloemenbuurt \
		--title "In gesprek in de Bloemenbuurt" --article razende-reporter-in-de-bloemenbuurt --slot 1
	$(VENV)/bin/rr --root build/demo speakers in-gesprek-in-de-bloemenbuurt
	@echo "--- build/demo/transcripts/bloemenbuurt/in-gesprek-in-de-bloemenbuurt.nl.vtt"
	@cat build/demo/transcripts/bloemenbuurt/in-gesprek-in-de-bloemenbuurt.nl.vtt

# espeak-ng synthesises the scripted speech fixtures; Debian's chromium runs the site's browser
# tests (Playwright's own browser download cannot work offline); unshare (util-linux) and ip
# (iproute2) give the Ray test its cluster in a network namespace of its own. sudo only when not root.
system-deps:
	@{ command -v espeak-ng >/dev/null && command -v chromium >/dev/null && command -v unshare >/dev/null \
		&& command -v ip >/dev/null; } || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq espeak-ng chromium util-linux iproute2 >/dev/null; }

test: system-deps $(VENV)/.installed-test
	$(PY) -m pytest -q

clean:
	rm -rf build $(VENV) .pytest_cache .hypothesis
