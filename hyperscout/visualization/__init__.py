"""Plots of studies, following Optuna's ``optuna.visualization`` names and signatures.

Every ``plot_*`` function here returns a plotly ``Figure``; the same names in
:mod:`hyperscout.visualization.matplotlib` return matplotlib ``Axes``. Each plot first computes a
small backend-neutral record (``compute_*`` in ``_<plot>.py``, a frozen dataclass of arrays) and
then a renderer (``plotly_*`` here, ``mpl_*`` in the matplotlib package) draws it, so reports and
dashboards can reuse the records and renderers. plotly and matplotlib are optional:
``pip install "hyperscout[plot]"``.
"""

from hyperscout.visualization import matplotlib
from hyperscout.visualization._comparison import plot_comparison
from hyperscout.visualization._contour import plot_contour
from hyperscout.visualization._edf import plot_edf
from hyperscout.visualization._hypervolume_history import plot_hypervolume_history
from hyperscout.visualization._intermediate_values import plot_intermediate_values
from hyperscout.visualization._optimization_history import plot_optimization_history
from hyperscout.visualization._parallel_coordinate import plot_parallel_coordinate
from hyperscout.visualization._param_history import plot_param_history
from hyperscout.visualization._param_importances import plot_param_importances
from hyperscout.visualization._pareto_front import plot_pareto_front
from hyperscout.visualization._rank import plot_rank
from hyperscout.visualization._search_history import plot_search_history
from hyperscout.visualization._slice import plot_slice
from hyperscout.visualization._timeline import plot_timeline
from hyperscout.visualization._utils import is_plotly_available as is_available

__all__ = [
    "is_available",
    "matplotlib",
    "plot_comparison",
    "plot_contour",
    "plot_edf",
    "plot_hypervolume_history",
    "plot_intermediate_values",
    "plot_optimization_history",
    "plot_parallel_coordinate",
    "plot_param_history",
    "plot_param_importances",
    "plot_pareto_front",
    "plot_rank",
    "plot_search_history",
    "plot_slice",
    "plot_timeline",
]
