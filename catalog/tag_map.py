"""Which of the source files' tags and genres become the site's genres and themes.

A reviewed table, not a copy: the anime-offline-database's tags are lower-case and
uncurated, MyAnimeList's genres mix genres, demographics and adult labels. Only the labels
here become tags, and only genres and themes: a content note ("suicide", "war") says what a
viewer may want to know before watching, and only a curator decides that, so no imported
label ever becomes one.
"""

from .models import TagKind

# The site's tags the imports may give: slug -> (name, kind). Created when missing.
SITE_TAGS = {
    "action": ("Action", TagKind.GENRE),
    "adventure": ("Adventure", TagKind.GENRE),
    "comedy": ("Comedy", TagKind.GENRE),
    "drama": ("Drama", TagKind.GENRE),
    "fantasy": ("Fantasy", TagKind.GENRE),
    "horror": ("Horror", TagKind.GENRE),
    "mystery": ("Mystery", TagKind.GENRE),
    "psychological": ("Psychological", TagKind.GENRE),
    "romance": ("Romance", TagKind.GENRE),
    "sci-fi": ("Sci-Fi", TagKind.GENRE),
    "slice-of-life": ("Slice of Life", TagKind.GENRE),
    "sports": ("Sports", TagKind.GENRE),
    "supernatural": ("Supernatural", TagKind.GENRE),
    "thriller": ("Thriller", TagKind.GENRE),
    "coming-of-age": ("Coming of age", TagKind.THEME),
    "crime": ("Crime", TagKind.THEME),
    "family": ("Family", TagKind.THEME),
    "high-school": ("High school", TagKind.THEME),
    "historical": ("Historical", TagKind.THEME),
    "magical-girls": ("Magical girls", TagKind.THEME),
    "music": ("Music", TagKind.THEME),
    "time-travel": ("Time travel", TagKind.THEME),
}

# A source label, lower-cased -> the slug of one of SITE_TAGS. MyAnimeList 2016's genres
# and the anime-offline-database's commonest tags; "school" is left out (it means any
# school, the site's theme is high school), as are demographics (shounen, seinen...).
SOURCE_TAGS = {
    "action": "action",
    "adventure": "adventure",
    "comedy": "comedy",
    "drama": "drama",
    "fantasy": "fantasy",
    "horror": "horror",
    "mystery": "mystery",
    "psychological": "psychological",
    "romance": "romance",
    "sci-fi": "sci-fi",
    "science fiction": "sci-fi",
    "slice of life": "slice-of-life",
    "sports": "sports",
    "supernatural": "supernatural",
    "thriller": "thriller",
    "coming of age": "coming-of-age",
    "crime": "crime",
    "family life": "family",
    "family": "family",
    "high school": "high-school",
    "historical": "historical",
    "history": "historical",
    "magical girl": "magical-girls",
    "mahou shoujo": "magical-girls",
    "music": "music",
    "time travel": "time-travel",
}


def site_tags(labels):
    """The slugs of the site tags for a record's source labels, each once, in order."""
    return list(dict.fromkeys(SOURCE_TAGS[label] for label in labels if label in SOURCE_TAGS))
