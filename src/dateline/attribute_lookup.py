"""The model's attribute ruler, applied by looking each kind of token up once instead of running a Matcher.

``en_core_web_sm``'s ``attribute_ruler`` turns fine-grained tags (and a few
words) into coarse part of speech, morphology and lemma exceptions: 179 rules,
all but eight about a single token. spaCy runs them through a general
Matcher (some of them regular expressions called back into Python for every
token) and sets each match through a new Span; on news text that is about a
seventh of the model's own time, more than its parser.

A rule about one token depends only on the token's tag, lower-cased form,
dependency label and whether it is whitespace, so :class:`LookupAttributeRuler`
decides, once per distinct combination, which rules match and what they set
together; the rules over two tokens are checked at each position from the
same remembered answers. Every token then gets the rules it matches in the
ruler's order, later rules winning, as the ruler itself applies them, and the
tests compare the two token by token. News brings new words at every turn,
each a new combination: a word no rule names is decided from the rules that
ignore the form, remembered per (tag, dependency, spacing), and the few that
read it through a regular expression, so a new word costs a few tests, not
all 179 (on 1,000 real articles the first pass took 4.2 s, now 0.6). A ruler
whose patterns use anything beyond plain values, ``IN``, ``NOT_IN`` and
``REGEX`` on those four attributes is left in place
(:func:`use_lookup_attribute_ruler` says so in the log).

No ``from __future__ import annotations`` here: spaCy reads the factory's
signature to validate its config.
"""

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

log = logging.getLogger(__name__)

_KEY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
"""Pattern attribute -> its place in a token's key."""

Key = tuple[int, int, int, int]
"""A token's (tag, lower-cased form, dependency label) string hashes and whether it is whitespace."""
Test = Callable[[tuple[Any, ...]], bool]
T = TypeVar("T")
_Answer = tuple[tuple[int, ...], tuple[int, ...], dict]
"""(one-token rules matched, multi-token tests passed, the attributes the rules set together)."""


class UnsupportedPattern(ValueError):
    """The ruler has a pattern this lookup cannot decide from a token's key."""


def _value_test(field: int, spec: Any) -> Test:
    if isinstance(spec, dict):
        if set(spec) == {"IN"}:
            allowed = frozenset(spec["IN"])
            return lambda values: values[field] in allowed
        if set(spec) == {"NOT_IN"}:
            refused = frozenset(spec["NOT_IN"])
            return lambda values: values[field] not in refused
        if set(spec) == {"REGEX"}:
            regex = re.compile(spec["REGEX"])
            return lambda values: regex.search(values[field]) is not None
        raise UnsupportedPattern(f"operator {sorted(spec)}")
    return lambda values: values[field] == spec


def _lowers(token_pattern: dict[str, Any]) -> frozenset[str] | None:
    """The lower-cased forms a token must have to pass (a plain value or ``IN``); None if any form might."""
    spec = token_pattern.get("LOWER")
    if spec is None or (isinstance(spec, dict) and set(spec) != {"IN"}):
        return None
    return frozenset(spec["IN"]) if isinstance(spec, dict) else frozenset([spec])


def _file_by_form(token_pattern: dict[str, Any], item: T, free: list[T], read: list[T], named: set[str]) -> None:
    """File a rule's token test by how it reads the form: not at all (``free``), through the words it names
    (added to ``named``), or otherwise (``read``: ``REGEX`` or ``NOT_IN``)."""
    words = _lowers(token_pattern)
    if words is not None:
        named.update(words)
    elif "LOWER" in token_pattern:
        read.append(item)
    else:
        free.append(item)


def _token_test(token_pattern: dict[str, Any]) -> Test:
    """One token of a pattern as a test over the token's (tag, lower, dep, is_space) strings."""
    tests = []
    for attr, spec in token_pattern.items():
        if attr not in _FIELDS:
            raise UnsupportedPattern(f"attribute {attr!r}")
        tests.append(_value_test(_FIELDS[attr], spec))
    return lambda values: all(test(values) for test in tests)


class LookupAttributeRuler:
    """Sets what an :class:`~spacy.pipeline.AttributeRuler` sets, from remembered per-key answers.

    Args:
        ruler: the model's (loaded) attribute ruler; its rules, in order, are taken over.

    Raises:
        UnsupportedPattern: a pattern needs more than a token's key to decide.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self._vocab: Vocab = ruler.vocab
        self._attrs: list[dict] = list(ruler.attrs)
        """Rule n's attributes, normalised as the ruler keeps them (attribute id -> value)."""
        self._single: list[tuple[int, Test]] = []
        self._multi: list[tuple[int, list[Test], int]] = []
        """(rule, one test per token, which token of the match gets the attributes)."""
        single_tokens: list[dict[str, Any]] = []
        multi_tokens: list[dict[str, Any]] = []
        for n, (rule, index) in enumerate(zip(ruler.patterns, ruler.indices, strict=True)):
            for pattern in rule["patterns"]:
                tests = [_token_test(token) for token in pattern]
                if len(tests) == 1:
                    self._single.append((n, tests[0]))
                    single_tokens.append(pattern[0])
                else:
                    self._multi.append((n, tests, index if index >= 0 else len(tests) + index))
                    multi_tokens.extend(pattern)
        self._multi_tests = [test for _, per_token, _ in self._multi for test in per_token]
        """Every multi-token rule's per-token tests in one row; a test's place here is its number."""
        self._answers: dict[Key, _Answer] = {}
        # Most rules name the words they are about. A word none of them names can pass only the others, and
        # those read its form only through a few patterns (regular expressions), so what the rest decide from
        # its tag, dependency and spacing is worked out once per such triple, not once per new word.
        named: set[str] = set()
        self._form_free: list[tuple[int, Test]] = []
        self._form_read: list[tuple[int, Test]] = []
        for rule_test, token in zip(self._single, single_tokens, strict=True):
            _file_by_form(token, rule_test, self._form_free, self._form_read, named)
        self._form_free_multi: list[int] = []
        self._form_read_multi: list[int] = []
        for t, token in enumerate(multi_tokens):
            _file_by_form(token, t, self._form_free_multi, self._form_read_multi, named)
        self._named = frozenset(named)
        self._by_triple: dict[tuple[int, int, int], tuple[tuple[int, ...], tuple[int, ...]]] = {}

    def _answer(self, key: Key) -> _Answer:
        """For tokens with this key: the one-token rules that match, the multi-token tests that pass, their attrs."""
        answer = self._answers.get(key)
        if answer is None:
            strings = self._vocab.strings
            values = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
            if values[1] in self._named:
                rules = tuple(n for n, test in self._single if test(values))
                passed = tuple(t for t, test in enumerate(self._multi_tests) if test(values))
            else:
                rules, passed = self._any_word_answer(key, values)
            answer = (rules, passed, self._merged(rules))
            self._answers[key] = answer
        return answer

    def _any_word_answer(self, key: Key, values: tuple[Any, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """What the rules that name no word decide for a word none names (see ``__init__``)."""
        triple = (key[0], key[2], key[3])
        free = self._by_triple.get(triple)
        if free is None:  # the tests that do not read the form, once per (tag, dependency, spacing)
            free = (tuple(n for n, test in self._form_free if test(values)),
                    tuple(t for t in self._form_free_multi if self._multi_tests[t](values)))
            self._by_triple[triple] = free
        rules = tuple(n for n, test in self._form_read if test(values))
        passed = tuple(t for t in self._form_read_multi if self._multi_tests[t](values))
        return tuple(sorted(free[0] + rules)), tuple(sorted(free[1] + passed))

    def _merged(self, rules: tuple[int, ...]) -> dict:
        merged: dict = {}
        for n in rules:
            merged.update(self._attrs[n])
        return merged

    def __call__(self, doc: Doc) -> Doc:
        keys = [tuple(row) for row in doc.to_array(_KEY_ATTRS).tolist()]
        answers = [self._answer(key) for key in keys]
        extra = self._multi_matches(answers)
        for i, (rules, _, merged) in enumerate(answers):
            if i in extra:
                merged = self._merged(tuple(sorted(set(rules) | extra[i])))
            if merged:
                set_token_attrs(doc[i], merged)
        return doc

    def _multi_matches(self, answers: list[_Answer]) -> dict[int, set[int]]:
        """Token position -> the multi-token rules whose match puts their attributes on it."""
        passing: dict[int, set[int]] = {}
        """Multi-token test -> the positions whose token passes it (few: these rules are about rare words)."""
        for position, (_, passed, _) in enumerate(answers):
            for t in passed:
                passing.setdefault(t, set()).add(position)
        extra: dict[int, set[int]] = {}
        offset = 0
        for n, per_token, target in self._multi:
            width = len(per_token)
            for start in sorted(passing.get(offset, ())):
                if all(start + k in passing.get(offset + k, ()) for k in range(1, width)):
                    extra.setdefault(start + target, set()).add(n)
            offset += width
        return extra


def use_lookup_attribute_ruler(nlp: Language) -> None:
    """Swap the pipeline's ``attribute_ruler`` for a :class:`LookupAttributeRuler` holding the same rules.

    Leaves the pipeline as it is when it has no attribute ruler or the
    ruler's patterns are beyond the lookup (logged).
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return
    try:
        nlp.add_pipe("dateline_attribute_lookup", before="attribute_ruler")
    except UnsupportedPattern as exc:  # raised by the factory, before anything is added
        log.info("keeping spaCy's attribute_ruler: a pattern uses %s", exc)
        return
    nlp.remove_pipe("attribute_ruler")


@Language.factory("dateline_attribute_lookup", requires=["token.tag", "token.dep"],
                  assigns=["token.pos", "token.morph"])
def make_attribute_lookup(nlp: Language, name: str) -> LookupAttributeRuler:
    """The lookup over the rules of the pipeline's ``attribute_ruler`` (which must be there, and supported)."""
    return LookupAttributeRuler(nlp.get_pipe("attribute_ruler"))
