from catalog.forms import TitleFiltersForm


class RankingFilterForm(TitleFiltersForm):
    """The rankings' filters: format, tag and decade, no search or sort."""
