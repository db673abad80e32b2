# Two commands for a newcomer: `make run` and `make test`. Everything else is here for operators.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= campus_safety.settings.local

.PHONY: run test setup bench messages clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput --verbosity 0 --ignore redoc  # Redoc (unused) would fetch its logo from a CDN
	@echo "Serving on http://127.0.0.1:$(PORT)  (demo accounts: see README; password campus-demo)"
	@trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/celery -A campus_safety worker --loglevel=INFO --concurrency=2 & \
	$(VENV)/bin/celery -A campus_safety beat --loglevel=INFO & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(VENV)/bin/lint-imports --no-logo  # the architecture's arrows (.importlinter); a broken one stops here
	DJANGO_SETTINGS_MODULE=campus_safety.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: setup
	DJANGO_SETTINGS_MODULE=campus_safety.settings.test $(PY) -m benchmarks

messages: setup
	$(PY) manage.py makemessages --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --locale en --ignore '.venv/*'

clean:
	rm -rf $(VENV) var .pytest_cache
