"""Keywords of a post's text, in English or French: YAKE (a maintained, unsupervised extractor).

The language is the one whose stop words the text uses more (YAKE ships both lists); ties go to
English. Keywords are single words, lowercase, shaped like tags (1 to 32 letters, digits or
underscores, not only digits), at most MAX_KEYWORDS, hashtags of the text left out (they are tags
already). See docs/images.md ("Keywords").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

MAX_KEYWORDS = 5
LANGUAGES = ("en", "fr")
_APOSTROPHES = "'\u2019"
_WORD = re.compile(r"[^\W\d_][\w'\u2019]*", re.UNICODE)
_TAG = re.compile(r"^\w{1,32}$")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_MIN_LENGTH = 3


@cache
def _stopwords(language: str) -> frozenset[str]:
    import yake  # the stop-word lists ship with the package

    return frozenset(word.lower() for word in yake.KeywordExtractor(lan=language).stopword_set)


@cache
def _extractor(language: str):
    import yake

    return yake.KeywordExtractor(lan=language, n=1, top=MAX_KEYWORDS * 3, dedupLim=0.9)


def language(text: str) -> str:
    """en or fr: the language whose stop words are more frequent in the text."""
    words = [word.lower() for word in _WORD.findall(text)]
    scores = {lang: sum(word in _stopwords(lang) for word in words) for lang in LANGUAGES}
    return "fr" if scores["fr"] > scores["en"] else "en"


def extract(text: str) -> list[str]:
    """Up to MAX_KEYWORDS keywords of the text, best first."""
    body = _HASHTAG.sub(" ", text)
    if not _WORD.search(body):
        return []
    lang = language(body)
    stop = _stopwords(lang)
    found: list[str] = []
    for phrase, _score in _extractor(lang).extract_keywords(body):
        word = unicodedata.normalize("NFC", phrase.lower().strip(_APOSTROPHES))
        if len(word) < _MIN_LENGTH or word in stop or not _TAG.match(word) or word.isdigit() or word in found:
            continue
        found.append(word)
        if len(found) == MAX_KEYWORDS:
            break
    return found
