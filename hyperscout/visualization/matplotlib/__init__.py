"""The plots of :mod:`hyperscout.visualization`, drawn with matplotlib (returning ``Axes``).

Names and signatures follow ``optuna.visualization.matplotlib``. Each function computes the same
record as its plotly twin and draws it with the ``mpl_*`` renderer of the same module.
"""

from hyperscout.visualization.matplotlib._comparison import plot_comparison
from hyperscout.visualization.matplotlib._contour import plot_contour
from hyperscout.visualization.matplotlib._edf import plot_edf
from hyperscout.visualization.matplotlib._hypervolume_history import plot_hypervolume_history
from hyperscout.visualization.matplotlib._intermediate_values import plot_intermediate_values
from hyperscout.visualization.matplotlib._optimization_history import plot_optimization_history
from hyperscout.visualization.matplotlib._parallel_coordinate import plot_parallel_coordinate
from hyperscout.visualization.matplotlib._param_history import plot_param_history
from hyperscout.visualization.matplotlib._param_importances import plot_param_importances
from hyperscout.visualization.matplotlib._pareto_front import plot_pareto_front
from hyperscout.visualization.matplotlib._rank import plot_rank
from hyperscout.visualization.matplotlib._search_history import plot_search_history
from hyperscout.visualization.matplotlib._slice import plot_slice
from hyperscout.visualization.matplotlib._timeline import plot_timeline
from hyperscout.visualization.matplotlib._utils import is_available

__all__ = [
    "is_available",
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
