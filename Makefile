# Placette — the front door. `make help` lists the verbs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican
CONF := pelicanconf.py
PUBLISHCONF := publishconf.py
OUTPUT := output
# PORT: the port of the verb you run (make serve PORT=8001, make bridge PORT=8081,
# make serve-site PORT=8002); each verb has its own default.
PORT ?=
PYTEST_ARGS ?=
# The local trial (README): the bridge publishes into var/site/, which
# `make serve-site` serves on SITE_PORT, so those builds are made for that
# address. With PLACETTE_BRIDGE_PUBLISH_DIR given (a server), PLACETTE_SITEURL
# must be given too: the builder refuses to publish without a public address.
SITE_PORT ?= 8000
LOCAL_SITE = http://127.0.0.1:$(SITE_PORT)
TRIAL_ENV = if [ -z "$$PLACETTE_BRIDGE_PUBLISH_DIR" ]; then \
	export PLACETTE_BRIDGE_PUBLISH_DIR=var/site; \
	export PLACETTE_SITEURL="$${PLACETTE_SITEURL:-$(LOCAL_SITE)}"; \
	export PLACETTE_BRIDGE_PUBLIC_SITE="$${PLACETTE_BRIDGE_PUBLIC_SITE:-$$PLACETTE_SITEURL/}"; \
	fi;

.DEFAULT_GOAL := help
.PHONY: help venv html serve check test lint format clean new-association update-golden publish gazette screenshots bridge bench review serve-site rebuild import deploy-rsync deploy-pages catalogues

help: ## afficher cette aide
	@echo "Placette — commandes :"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP) ## créer .venv et installer les dépendances

html: $(STAMP) ## construire le portail dans output/
	$(PELICAN) -s $(CONF) -o $(OUTPUT) --delete-output-directory

serve: $(STAMP) ## construire et servir le portail sur http://127.0.0.1:8000, reconstruit à chaque fichier enregistré (make serve PORT=8001)
	$(BIN)/python -m placette.cli.live -s $(CONF) -o $(OUTPUT) --port $(or $(PORT),8000) --bind 127.0.0.1

check: $(STAMP) ## vérifier fiches et actualités, puis construire en mode strict (dans un dossier temporaire effacé ensuite)
	$(BIN)/python -m placette.cli.check $(CONF)

JS_STAMP := tests/js/node_modules/.installed

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --silent --no-audit --no-fund && touch $(JS_STAMP); \
	else echo "npm est absent : les tests d'accessibilité (axe-core) seront sautés (apt-get install npm)"; fi

test: $(STAMP) $(JS_STAMP) ## lancer tous les tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The code ruff reads: the packages, the tests and the bench, and the two Pelican
# settings files (the tree's exclusions are in pyproject.toml, [tool.ruff]).
LINT_PATHS := placette bridge plugins tests bench $(wildcard *.py)

lint: $(STAMP) ## vérifier le code : règles de ruff et mise en forme (CI le fait avant les tests)
	@status=0; $(BIN)/ruff check $(LINT_PATHS) || status=1; \
	$(BIN)/ruff format --check $(LINT_PATHS) || status=1; exit $$status

format: $(STAMP) ## remettre le code en forme (ruff format, puis les corrections sûres de ruff check)
	$(BIN)/ruff format $(LINT_PATHS)
	$(BIN)/ruff check --fix --exit-zero $(LINT_PATHS)  # what is left is for a human: make lint lists it
	$(BIN)/ruff format $(LINT_PATHS)

new-association: $(STAMP) ## créer associations/<nom>/ : make new-association NOM="Jardin des Tilleuls"
	$(BIN)/python -m placette.cli.scaffold "$(NOM)" $(CONF)

catalogues: $(STAMP) ## rassembler les textes de l'interface et mettre à jour le catalogue de chaque langue (make catalogues NOUVELLE=tr : une langue de plus)
	$(BIN)/python -m placette.cli.catalogues $(if $(NOUVELLE),--new $(NOUVELLE))

update-golden: $(STAMP) ## régénérer tests/golden/ (relire le diff !)
	$(BIN)/python -m tests.golden update

bench: $(STAMP) ## mesurer : construction de la démo, passerelle (tableau + var/bench/resultats.json)
	PLACETTE_SITEURL=$${PLACETTE_SITEURL:-$(LOCAL_SITE)} $(BIN)/python -m bench $(BENCH_ARGS)

screenshots: $(STAMP) ## refaire les captures 360x640 de docs/captures/ (avec Chromium)
	$(BIN)/python -m tests.screenshots

clean: ## effacer le site construit et les caches
	rm -rf $(OUTPUT) cache .pytest_cache

bridge: $(STAMP) ## lancer la passerelle sur http://127.0.0.1:8080 (make bridge PORT=8081) ; elle publie dans var/site/
	@test -n "$$PLACETTE_BRIDGE_SECRET_KEY" || { mkdir -p var; test -f var/bridge-secret || $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > var/bridge-secret; }
	@$(TRIAL_ENV) echo "Le site qu'elle publie ($$PLACETTE_BRIDGE_PUBLISH_DIR/current) est fait pour $$PLACETTE_SITEURL/"
	@$(TRIAL_ENV) PLACETTE_BRIDGE_SECRET_KEY=$${PLACETTE_BRIDGE_SECRET_KEY:-$$(cat var/bridge-secret)} \
	exec $(BIN)/python -m bridge --port $(or $(PORT),8080)

serve-site: $(STAMP) ## servir le site publié par la passerelle (var/site/current) sur http://127.0.0.1:8000
	@$(TRIAL_ENV) exec $(BIN)/python -m placette.cli.serve_site "$$PLACETTE_BRIDGE_PUBLISH_DIR/current" $(PORT)

rebuild: $(STAMP) ## reconstruire une fois le site publié depuis main (sur le serveur : chaque nuit, placette-rebuild.timer)
	@$(TRIAL_ENV) exec $(BIN)/python -m placette.publish.builder

import: $(STAMP) ## importer les agendas et flux déclarés sur les fiches (sources:) en propositions à relire (chaque jour, placette-import.timer)
	@$(TRIAL_ENV) exec $(BIN)/python -m placette.cli.import_sources $(ARGS)

deploy-rsync: publish ## copier output/ sur un hébergeur : make deploy-rsync DEST=utilisateur@hote:/var/www/quartier
	@test -n "$(DEST)" || { echo 'Indiquez la destination : make deploy-rsync DEST=utilisateur@hote:/chemin'; exit 2; }
	rsync -az --delete --delay-updates output/ "$(DEST)/"

deploy-pages: publish ## pousser output/ sur une branche « pages » : make deploy-pages REMOTE=origin BRANCH=pages
	@test -n "$(REMOTE)" || { echo 'Indiquez le dépôt : make deploy-pages REMOTE=origin [BRANCH=pages]'; exit 2; }
	$(BIN)/python -m placette.publish.pages output "$(REMOTE)" "$(or $(BRANCH),pages)"

review: $(STAMP) ## relire en ligne de commande : make review ARGS="liste" (voir docs/relire-avec-git.md)
	@$(TRIAL_ENV) exec $(BIN)/python -m bridge.review_cli $(ARGS)

# For print: the QR code leads to the public agenda, never to this computer
# (to look at the programme, `make serve` and its page /gazette/).
gazette: $(STAMP) ## les programmes à imprimer, en PDF : make gazette PLACETTE_SITEURL=https://… (output/gazette/**/gazette.pdf)
	@$(BIN)/python -m placette.build.siteurl --impression
	$(PELICAN) -s $(PUBLISHCONF) -o $(OUTPUT) -e 'SEARCH={"enabled": false}'
	$(BIN)/python -m placette.cli.gazette_pdf $(OUTPUT)

publish: $(STAMP) ## construire le site de production dans output/ : make publish PLACETTE_SITEURL=https://…
	$(PELICAN) -s $(PUBLISHCONF) -o $(OUTPUT)
