"""The offensive-language classifier signal, and how another one is plugged in by configuration.

``profanity-check`` is alt-profanity-check's model (a TF-IDF vectoriser and calibrated linear SVMs,
shipped in the wheel: nothing is downloaded at run time). Its own ``predict_prob`` costs several
milliseconds per call through scikit-learn; the model is linear, so the same probability is
computed here from its weights in plain Python, in tens of microseconds (tests/test_screening.py
checks both agree).
"""

from __future__ import annotations

import importlib
import math
import re
from collections import Counter

from secret_graph.screening.core import Hit, Signal

# Tokens the model weighs at least this much (on average over its calibrated folds) are the spans shown.
SPAN_WEIGHT = 0.5


class ProfanityCheck:
    """alt-profanity-check's English model: one hit, reason ``offensive``, when p >= threshold."""

    name = "offensive"

    def __init__(self, *, threshold: float) -> None:
        from profanity_check import profanity_check as shipped  # loads the model shipped in the wheel

        vectorizer, model = shipped.vectorizer, shipped.model
        folds = model.calibrated_classifiers_
        self.threshold = threshold
        self.analyzer = vectorizer.build_analyzer()
        self.pattern = re.compile(vectorizer.token_pattern)
        self.stop_words = frozenset(vectorizer.get_stop_words() or ())
        self.intercepts = [float(fold.estimator.intercept_[0]) for fold in folds]
        self.calibration = [(float(fold.calibrators[0].a_), float(fold.calibrators[0].b_)) for fold in folds]
        coefs = [fold.estimator.coef_.ravel() for fold in folds]
        idf = vectorizer.idf_
        self.terms = {
            term: (float(idf[i]), tuple(float(coef[i]) for coef in coefs)) for term, i in vectorizer.vocabulary_.items()
        }

    def probability(self, text: str) -> float:
        """The model's probability that ``text`` is offensive (as ``predict_prob`` would say)."""
        counts = Counter(self.analyzer(text))
        weighted = [(count * self.terms[t][0], self.terms[t][1]) for t, count in counts.items() if t in self.terms]
        norm = math.sqrt(sum(x * x for x, _ in weighted)) or 1.0
        total = 0.0
        for k, (intercept, (a, b)) in enumerate(zip(self.intercepts, self.calibration, strict=True)):
            decision = intercept + sum(x / norm * weights[k] for x, weights in weighted)
            total += 1.0 / (1.0 + math.exp(a * decision + b))
        return total / len(self.intercepts)

    def check(self, text: str) -> list[Hit]:
        score = self.probability(text)
        if score < self.threshold:
            return []
        spans = []
        for match in self.pattern.finditer(text):
            term = match.group().lower()
            if term in self.stop_words or term not in self.terms:
                continue
            weights = self.terms[term][1]
            if sum(weights) / len(weights) >= SPAN_WEIGHT:
                spans.append((match.start(), match.end()))
        return [Hit("offensive", tuple(spans), score=round(score, 3))]


def load(spec: str, *, threshold: float) -> Signal | None:
    """The classifier named by SECRET_GRAPH_SCREENING_CLASSIFIER: ``profanity-check``, ``none``, or
    ``package.module:factory``, a callable taking ``threshold=`` and returning a Signal (a hosted
    moderation API, a larger model)."""
    if spec == "none":
        return None
    if spec == "profanity-check":
        return ProfanityCheck(threshold=threshold)
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)(threshold=threshold)
