# Placette — the front door. `make help` lists the verbs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican
CONF := pelicanconf.py
PUBLISHCONF := publishconf.py
OUTPUT := output
PORT ?= 8000
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv html serve check test clean new-association update-golden publish gazette screenshots bridge bench review serve-site rebuild deploy-rsync deploy-pages

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

serve: html ## construire et servir le portail sur http://127.0.0.1:8000
	@echo "Le portail est servi sur http://127.0.0.1:$(PORT)/ (Ctrl+C pour arrêter)"
	$(PELICAN) -s $(CONF) -o $(OUTPUT) --listen --port $(PORT) --bind 127.0.0.1

check: $(STAMP) ## vérifier fiches et actualités, puis construire en mode strict
	$(BIN)/python -m placette.check $(CONF)
	$(PELICAN) -s $(CONF) -o $$(mktemp -d) --fatal warnings --log-handler plain -q

JS_STAMP := tests/js/node_modules/.installed

$(JS_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --silent --no-audit --no-fund && touch $(JS_STAMP); \
	else echo "npm est absent : les tests d'accessibilité (axe-core) seront sautés (apt-get install npm)"; fi

test: $(STAMP) $(JS_STAMP) ## lancer tous les tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)

new-association: $(STAMP) ## créer associations/<nom>/ : make new-association NOM="Jardin des Tilleuls"
	$(BIN)/python -m placette.scaffold "$(NOM)" $(CONF)

update-golden: $(STAMP) ## régénérer tests/golden/ (relire le diff !)
	$(BIN)/python -m tests.golden update

bench: $(STAMP) ## mesurer : construction de la démo, passerelle (tableau + var/bench/resultats.json)
	$(BIN)/python -m bench $(BENCH_ARGS)

screenshots: $(STAMP) ## refaire les captures 360x640 de docs/captures/ (avec Chromium)
	$(BIN)/python -m tests.screenshots

clean: ## effacer le site construit et les caches
	rm -rf $(OUTPUT) cache .pytest_cache

bridge: $(STAMP) ## lancer la passerelle de propositions sur http://127.0.0.1:8080 (données dans var/bridge/)
	@test -n "$$PLACETTE_BRIDGE_SECRET_KEY" || { mkdir -p var; test -f var/bridge-secret || $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > var/bridge-secret; }
	PLACETTE_BRIDGE_SECRET_KEY=$${PLACETTE_BRIDGE_SECRET_KEY:-$$(cat var/bridge-secret)} \
	PLACETTE_BRIDGE_PUBLISH_DIR=$${PLACETTE_BRIDGE_PUBLISH_DIR:-var/site} $(BIN)/python -m bridge

serve-site: ## servir le site publié par la passerelle (var/site/current) sur http://127.0.0.1:8000
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory var/site/current $(PORT)

rebuild: $(STAMP) ## reconstruire et basculer le site publié depuis main (chaque nuit par cron ou minuteur)
	PLACETTE_BRIDGE_PUBLISH_DIR=$${PLACETTE_BRIDGE_PUBLISH_DIR:-var/site} $(BIN)/python -m bridge.builder

deploy-rsync: publish ## copier output/ sur un hébergeur : make deploy-rsync DEST=utilisateur@hote:/var/www/quartier
	@test -n "$(DEST)" || { echo 'Indiquez la destination : make deploy-rsync DEST=utilisateur@hote:/chemin'; exit 2; }
	rsync -az --delete --delay-updates output/ "$(DEST)/"

deploy-pages: publish ## pousser output/ sur une branche « pages » : make deploy-pages REMOTE=origin BRANCH=pages
	@test -n "$(REMOTE)" || { echo 'Indiquez le dépôt : make deploy-pages REMOTE=origin [BRANCH=pages]'; exit 2; }
	$(BIN)/python -m bridge.pages output "$(REMOTE)" "$(or $(BRANCH),pages)"

review: $(STAMP) ## relire en ligne de commande : make review ARGS="liste" (voir docs/relire-avec-git.md)
	PLACETTE_BRIDGE_PUBLISH_DIR=$${PLACETTE_BRIDGE_PUBLISH_DIR:-var/site} $(BIN)/python -m bridge.review_cli $(ARGS)

gazette: html ## les programmes à afficher, en PDF (output/gazette/**/gazette.pdf)
	$(BIN)/python -m placette.gazette_pdf $(OUTPUT)

publish: $(STAMP) ## construire le site de production (publishconf.py) dans output/
	$(PELICAN) -s $(PUBLISHCONF) -o $(OUTPUT)
