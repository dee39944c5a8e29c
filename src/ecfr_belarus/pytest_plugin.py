"""pytest plugin, loaded first by ``-p ecfr_belarus.pytest_plugin`` (pyproject.toml's addopts).

It only imports jsonschema without the IRI grammar nothing here uses (see
:func:`ecfr_belarus.startup.import_jsonschema_without_iri_grammar`), before the nbval plugin
imports nbformat and, through it, jsonschema: about 2 s saved in each pytest process (the
main one and each xdist worker).
"""

from ecfr_belarus.startup import import_jsonschema_without_iri_grammar

import_jsonschema_without_iri_grammar()
