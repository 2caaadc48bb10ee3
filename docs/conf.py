"""Sphinx configuration: the reference documentation is built from the docstrings.

``make docs`` builds HTML into ``docs/_build/html``; ``make test`` runs every example on these
pages and in the docstrings as a doctest (pytest ``--doctest-glob``/``--doctest-modules``).
"""

from __future__ import annotations

import hyperscout

project = "hyperscout"
author = "hyperscout developers"
release = hyperscout.__version__
version = release

# Docstrings are plain reStructuredText: arguments are named in ``double backquotes`` in the
# prose or in a bullet list of "- ``name``: what it does" lines, never in Google or NumPy
# sections, so no docstring-dialect extension is needed.
extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
# Optional extras (plotting, Keras, Dask, drivers) are imported lazily by the package; mocking
# keeps the build working on a machine without them.
autodoc_mock_imports = ["keras", "torch", "dask", "distributed", "lightgbm", "xgboost"]
exclude_patterns = ["_build", "images"]
html_theme = "alabaster"
html_title = f"hyperscout {release}"
nitpicky = False
# scikit-learn's metadata-routing methods, inherited by the *SearchCV estimators, are documented
# by scikit-learn and refer to its own glossary.
autodoc_default_options["exclude-members"] = (
    "set_fit_request,set_score_request,set_predict_request,set_partial_fit_request,"
    "get_metadata_routing"
)
# Names are re-exported by each package: resolve the short name to the public one.
python_use_unqualified_type_names = True
