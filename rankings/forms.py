from catalog.forms import TitleFiltersForm


class RankingFilterForm(TitleFiltersForm):
    """The rankings' filters: format, tags (all of them), tags left out and decade; no
    search or sort."""
