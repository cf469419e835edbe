"""Moderation (docs/moderation.md): screening, strikes, new accounts' limits."""

from __future__ import annotations

from dataclasses import dataclass

from secret_graph.config_areas import setting
from secret_graph.config_parsing import choices_for, comma_list, number_pairs, probability, whole_number


@dataclass(frozen=True)
class ModerationSettings:
    screening_classifier: str = setting(
        "SECRET_GRAPH_SCREENING_CLASSIFIER",
        "profanity-check",
        "The offensive-language classifier that screens posts and comments: `profanity-check` (alt-profanity-check's "
        "English model), `none`, or `package.module:factory` (a factory taking `threshold=` and returning a signal).",
    )
    screening_threshold: float = setting(
        "SECRET_GRAPH_SCREENING_THRESHOLD",
        "0.8",
        "Probability (0 to 1) from which the classifier calls a text offensive.",
        probability,
    )
    screening_wordlists: str = setting(
        "SECRET_GRAPH_SCREENING_WORDLISTS",
        "",
        "An operator word-list file (`[LANG slur|insult]` sections, one term per line) added to the built-in lists.",
    )
    screening_languages: tuple[str, ...] = setting(
        "SECRET_GRAPH_SCREENING_LANGUAGES",
        "en,fr",
        "Languages whose word lists (built-in and operator) screen texts.",
        comma_list,
    )
    screening_verdicts: tuple[tuple[str, str], ...] = setting(
        "SECRET_GRAPH_SCREENING_VERDICTS",
        "harassment=rethink,insult=publish,offensive=publish,personal_info=rethink,slur=hold",
        "The verdict (`publish`, `rethink`, `hold`) each screening reason gives; the strictest of a text's reasons wins.",
        choices_for(("harassment", "insult", "offensive", "personal_info", "slur"), ("publish", "rethink", "hold")),
    )
    strike_suspensions: tuple[tuple[int, int], ...] = setting(
        "SECRET_GRAPH_STRIKE_SUSPENSIONS",
        "2:1,3:7,5:30",
        "Automatic suspensions, `strikes:days`: reaching a count suspends for its days (beyond the last, the last).",
        number_pairs,
    )
    new_account_days: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_DAYS", "3", "Days an account counts as new (tighter daily limits).", whole_number
    )
    new_account_posts_per_day: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_POSTS_PER_DAY", "5", "Posts a new account may write per 24 hours.", whole_number
    )
    new_account_comments_per_day: int = setting(
        "SECRET_GRAPH_NEW_ACCOUNT_COMMENTS_PER_DAY",
        "30",
        "Comments a new account may write per 24 hours.",
        whole_number,
    )
