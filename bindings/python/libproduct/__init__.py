"""libproduct: product prioritization -- backlog model, scoring, dependency ordering.

The Python face of the libproduct C library::

    import libproduct

    b = libproduct.Backlog(name="Shop")
    b.add_item("LP-1", "Checkout", value=8, effort=3)
    b.add_item("LP-2", "Payment provider", value=5, effort=2)
    b.add_dependency("LP-1", "LP-2")      # LP-1 depends on LP-2
    for entry in b.order():
        print(entry.rank, entry.id, entry.score)

Errors are exceptions derived from :class:`Error`, one class per LpError
code. The low-level SWIG module, with every C function under its C name, is
:mod:`libproduct.lpcore`.

Ranks and positions are 0-based, as in C.

Strings cross into C as C strings: one with a NUL character ("a\\x00b") is
refused with InvalidValueError (a ValueError), never cut at the NUL.

Callbacks: a custom model's function (:meth:`ScoreModel.custom`) may read
the backlog it scores but not change it: while it runs the backlog is
:attr:`Backlog.busy` and every change raises BusyError and changes nothing.

Threads: separate backlogs may be used in separate threads freely. One
backlog may be shared by threads: each call is safe, and the calls that
compute from it in several steps (order, next, apply, explain, cycles, the
questions a Ranking or Scores answers) run one after the other with the
changes that could disturb them, under a lock of the backlog's own. While
one thread orders with a custom model, another thread's change waits until
the ordering returns; reads (an item's title, ``len(b)``, ``b.ids()``)
never wait. A custom model's function runs with the lock held, so it must
not wait for another thread that changes or orders the same backlog (that
thread waits for it). A sequence of calls is not atomic: use a lock of
your own for that. The low-level :mod:`libproduct.lpcore` takes no lock:
there a change from another thread while a custom model runs raises
BusyError. See docs/LIMITS.md, "Threads and callbacks".
"""

import functools
import math
import threading
import weakref
from collections import namedtuple
from collections.abc import Mapping

from . import lpcore
from .lpcore import (
    Error,
    InvalidValueError,
    DuplicateIdError,
    UnknownItemError,
    SelfDependencyError,
    CycleError,
    ParentCycleError,
    ParseError,
    FormatError,
    LpIOError,
    BusyError,
    LimitError,
)

__all__ = [
    "Backlog", "Item", "ScoreModel", "Ranking", "Entry", "Exclusion", "Cycle",
    "Scores", "Explanation", "Term", "Criterion", "Violation", "kano_classify",
    "Error", "InvalidValueError", "DuplicateIdError", "UnknownItemError",
    "SelfDependencyError", "CycleError", "ParentCycleError", "ParseError",
    "FormatError", "LpIOError", "BusyError", "LimitError", "StaleError", "KINDS", "STATUSES", "FILE_FORMAT",
    "DEFAULT_MAX_INPUT_SIZE", "read_file", "read_fd",
    "MODEL_NAMES", "MOSCOW", "KANO_ANSWERS", "KANO_CATEGORIES", "QUADRANTS",
    "SCALES", "SCALE_CHECKS", "TERM_ROLES", "__version__", "version_info",
]

for _cls in (Error, InvalidValueError, DuplicateIdError, UnknownItemError,
             SelfDependencyError, CycleError, ParentCycleError, ParseError,
             FormatError, LpIOError, BusyError, LimitError):
    _cls.__module__ = __name__
del _cls

#: The run-time version of the C library, e.g. "0.1.0".
__version__ = lpcore.lp_get_version_string()
#: The run-time version as a (major, minor, micro) tuple.
version_info = (lpcore.lp_get_major_version(), lpcore.lp_get_minor_version(),
                lpcore.lp_get_micro_version())

#: The "format" of the JSON documents this version reads and writes.
FILE_FORMAT = lpcore.LP_FILE_FORMAT

#: The size limit, in bytes, of every file the library reads by name
#: (:meth:`Backlog.load`, :meth:`Backlog.import_csv`,
#: :meth:`ScoreModel.scorecard_from_file`): 1 GiB. A larger input raises
#: :class:`LimitError`; :func:`read_file` and :meth:`Backlog.load_fd` take
#: another limit.
DEFAULT_MAX_INPUT_SIZE = lpcore.LP_DEFAULT_MAX_INPUT_SIZE


def _fileno(fd):
    """An int descriptor, or the fileno() of a file object."""
    return fd if isinstance(fd, int) else fd.fileno()


def read_file(path, max_size=DEFAULT_MAX_INPUT_SIZE):
    """The contents of a file (bytes), read whole, never more than max_size
    bytes: a larger file, or an endless one such as /dev/zero, raises
    :class:`LimitError`; a file that cannot be read, :class:`LpIOError`.
    ``Backlog.import_csv_data(read_file(path, 10 << 20))`` imports with a
    limit of 10 MiB."""
    return lpcore.lp_read_file(path, max_size)


def read_fd(fd, name, max_size=DEFAULT_MAX_INPUT_SIZE):
    """:func:`read_file` for an open descriptor (an int, or a file object's
    fileno()), from where it is to its end; name is how messages name it.
    The descriptor stays open."""
    return lpcore.lp_read_fd(_fileno(fd), name, max_size)


def _names(to_string):
    names = []
    while True:
        name = to_string(len(names))
        if name is None:
            return tuple(names)
        names.append(name)


#: The item kinds, by their file-format names ("story", "epic", ...).
KINDS = _names(lpcore.lp_item_kind_to_string)
#: The item statuses ("todo", "in_progress", "done", "dropped").
STATUSES = _names(lpcore.lp_item_status_to_string)


def _is_missing(x):
    """None, or a float NaN (how pandas spells a missing value)."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def _number_or_nan(x, what):
    if _is_missing(x):
        return math.nan
    if isinstance(x, str):
        if not x.strip():
            return math.nan
        try:
            return float(x)
        except ValueError:
            raise InvalidValueError("%s: not a number: %r" % (what, x)) from None
    return x


def _split_list(x):
    """A list of strings from a sequence or a ';'-separated string."""
    if _is_missing(x):
        return []
    if isinstance(x, str):
        return [part.strip() for part in x.split(";") if part.strip()]
    return list(x)


def _text_or_none(x):
    return None if _is_missing(x) else x


# Threads. Every C call runs whole under the GIL (no lpcore wrapper
# releases it), so one call cannot see another half done; what needs care
# is the methods that make several calls, and the custom model's function,
# during which other threads run in the middle of a scoring pass.
#
# - A method that computes from the backlog in several calls (order, next,
#   apply, explain, cycles, the questions of Ranking and Scores) holds the
#   backlog's lock (@_serialised); so do the changes that could make its
#   result stale half-way, the removals; and the changes that take several
#   calls themselves (add_item, add_items, kano_answers).
#   A custom model's function thus runs with its thread holding the lock.
# - A change of one value is one C call: no lock, no cost. While a custom
#   model's function runs the C library refuses it (BusyError, nothing
#   changed); from another thread, _wait_for_other_scorer() then waits for
#   the lock and the change is tried again.
# - A read of one value is one C call too, and never waits.

def _serialised(method):
    """Runs a method of a Backlog, Item, Ranking or Scores under its
    backlog's lock (``self._backlog._lock``, reentrant)."""
    @functools.wraps(method)
    def serialised(self, *args, **kwargs):
        with self._backlog._lock:
            return method(self, *args, **kwargs)
    return serialised


def _wait_for_other_scorer(backlog):
    """Called for a change that raised BusyError: when another thread holds
    the backlog's lock (it scores the backlog with a custom model), waits
    until it is done and returns, for the caller to try again; otherwise
    (the change came from this thread's own custom model, or from a
    scoring through lpcore) re-raises the BusyError."""
    lock = backlog._lock
    if lock.acquire(blocking=False):   # this thread's, or nobody's
        try:
            if lpcore.lp_backlog_is_busy(backlog._b):
                raise
        finally:
            lock.release()
        return                         # the scoring just ended: try again
    with lock:
        pass


# --- score models ------------------------------------------------------------

#: The names of the built-in models that need no argument, for
#: :meth:`ScoreModel.by_name` and ``prioritize rank --by NAME`` (the
#: parameterised forms "formula:EXPR", "scorecard:FILE" and "moscow:NAME"
#: are accepted too).
MODEL_NAMES = tuple(lpcore.lp_score_model_list_names())
#: The MoSCoW categories, as :attr:`Item.moscow` spells them.
MOSCOW = tuple(n for n in _names(lpcore.lp_moscow_to_string) if n != "none")
#: The answers to a Kano survey question, in the order of the evaluation table.
KANO_ANSWERS = _names(lpcore.lp_kano_answer_to_string)
#: The Kano categories ("must-be", "one-dimensional", "attractive",
#: "indifferent", "reverse", "questionable").
KANO_CATEGORIES = _names(lpcore.lp_kano_category_to_string)
#: The cells of the value/effort matrix.
QUADRANTS = _names(lpcore.lp_quadrant_to_string)
#: The scales a scorecard criterion may use.
SCALES = _names(lpcore.lp_scale_to_string)
#: What a model does with an input off its scale.
SCALE_CHECKS = _names(lpcore.lp_scale_check_to_string)
#: The parts a term plays in a score (:attr:`Term.role`).
TERM_ROLES = _names(lpcore.lp_term_role_to_string)

#: One scorecard criterion: the attribute it reads, its weight and the
#: name of its scale (see SCALES).
Criterion = namedtuple("Criterion", "name weight scale")

#: An input off its model's scale: the item's id, the attribute read and
#: the value found.
Violation = namedtuple("Violation", "id input value")

#: One term of a score breakdown: the attribute (or, for MoSCoW's secondary
#: term, the secondary model's name), its role (see TERM_ROLES), the value
#: read from the item, the value as the model uses it (0.8 for a confidence
#: of 80), its weight and its contribution (what an addend adds, the factor
#: a factor or divisor multiplies by, ...); None where a number is missing
#: or undefined.
Term = namedtuple("Term", "name role input value weight contribution")


def _enum_arg(value, from_string, what):
    if isinstance(value, str):
        return from_string(value)
    raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))


def _none_if_nan(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def kano_classify(functional, dysfunctional):
    """The Kano category of one answer pair, by the standard 5x5 table.

    Both answers are names from KANO_ANSWERS ("like", "expect", "neutral",
    "tolerate", "dislike"); returns a name from KANO_CATEGORIES, e.g.
    ``kano_classify("like", "dislike") == "one-dimensional"``.
    """
    f = _enum_arg(functional, lpcore.lp_kano_answer_from_string, "functional")
    d = _enum_arg(dysfunctional, lpcore.lp_kano_answer_from_string, "dysfunctional")
    return lpcore.lp_kano_category_to_string(lpcore.lp_kano_classify(f, d))


def _option_text(value):
    if isinstance(value, bool):
        raise TypeError("an option value must be a number or a str, not bool")
    if isinstance(value, (int, float)):
        return repr(float(value))
    if isinstance(value, str):
        return value
    raise TypeError("an option value must be a number or a str, not %s"
                    % type(value).__name__)


def _is_moscow(name):
    return name == "moscow" or name.startswith("moscow:")


def _backlog_of_ptr(ptr):
    """The Backlog object of a C item (a custom model's argument)."""
    b = lpcore.lp_item_get_backlog(ptr)
    backlog = _BACKLOGS.get(b._address())
    return backlog if backlog is not None else Backlog._wrap(b)


class ScoreModel:
    """A scoring model: create it, configure it, apply it, reuse it.

    Built-in models: :meth:`value_effort`, :meth:`wsjf`, :meth:`rice`,
    :meth:`ice`, :meth:`cd3`, :meth:`moscow`, :meth:`kano`,
    :meth:`scorecard`, :meth:`formula`; any of them by name with
    :meth:`by_name` (``ScoreModel("rice")`` is the same); a Python function
    with :meth:`custom`. Every constructor takes the options of
    :meth:`configure` as keyword arguments, e.g.
    ``ScoreModel.rice(inputs={"reach": "users"}, scale_check="report")``.

    An item lacking an input a model needs is unscored (ranked last), never
    silently scored 0: :meth:`Scores.missing` names what it lacks.
    """

    __slots__ = ("_m",)

    def __init__(self, name="value-effort", **options):
        self._m = lpcore.LpScoreModel(name)
        if options:
            self.configure(**options)

    @classmethod
    def _wrap(cls, m, options=None):
        self = cls.__new__(cls)
        self._m = m
        if options:
            self.configure(**options)
        return self

    @staticmethod
    def names():
        """The names :meth:`by_name` accepts without an argument (MODEL_NAMES)."""
        return MODEL_NAMES

    @classmethod
    def by_name(cls, name, **options):
        """The model of that name: one of MODEL_NAMES, "moscow:NAME",
        "formula:EXPR" or "scorecard:FILE"; InvalidValueError if unknown."""
        return cls._wrap(lpcore.lp_score_model_new_by_name(name), options)

    @classmethod
    def value_effort(cls, **options):
        """value / effort; unvalued or unestimated items are unscored."""
        return cls._wrap(lpcore.lp_score_model_new_value_effort(), options)

    @classmethod
    def wsjf(cls, **options):
        """WSJF (SAFe): (business_value + time_criticality + risk_reduction)
        / job_size. ``scale_check="report"`` lists inputs off the modified
        Fibonacci scale 1, 2, 3, 5, 8, 13, 20 (default "ignore")."""
        return cls._wrap(lpcore.lp_score_model_new_wsjf(), options)

    @classmethod
    def rice(cls, **options):
        """RICE (Intercom): reach x impact x confidence / effort. The impact
        must be 3, 2, 1, 0.5 or 0.25 and the confidence a fraction or a
        percent unless ``scale_check="ignore"``."""
        return cls._wrap(lpcore.lp_score_model_new_rice(), options)

    @classmethod
    def ice(cls, mode="product", **options):
        """ICE: impact, confidence, ease (each 1..10) combined as their
        product (mode "product", 1..1000) or average ("average", 1..10)."""
        return cls._wrap(lpcore.lp_score_model_new_ice(), dict(options, mode=mode))

    @classmethod
    def cd3(cls, **options):
        """CD3: cost_of_delay / duration."""
        return cls._wrap(lpcore.lp_score_model_new_cd3(), options)

    @classmethod
    def moscow(cls, secondary=None, **options):
        """MoSCoW: must, then should, then could (won't and uncategorised
        items unscored), each category ordered by the secondary model (a
        ScoreModel or a name; default value/effort). ``must_limit`` is the
        largest acceptable share of effort for musts (default 0.6)."""
        if isinstance(secondary, str):
            secondary = cls.by_name(secondary)
        if secondary is not None and not isinstance(secondary, ScoreModel):
            raise TypeError("secondary must be a ScoreModel, a model name or None, not %s"
                            % type(secondary).__name__)
        if secondary is not None and _is_moscow(secondary.name):
            # a programmer error in C (no GError): checked here
            raise InvalidValueError("the secondary model of MoSCoW cannot be MoSCoW (%r)"
                                    % secondary.name)
        return cls._wrap(lpcore.lp_score_model_new_moscow(
            None if secondary is None else secondary._m), options)

    @classmethod
    def kano(cls, **options):
        """Kano: classifies each item from its :attr:`Item.kano_answers`;
        must-be first, then one-dimensional, attractive, indifferent."""
        return cls._wrap(lpcore.lp_score_model_new_kano(), options)

    @classmethod
    def scorecard(cls, criteria=(), mode="absolute", **options):
        """A weighted scorecard.

        criteria is a sequence of Criterion records, tuples ``(name,
        weight[, scale[, values]])`` or dicts with those keys (scale: a name
        from SCALES, default "any"; values: the allowed values of a "custom"
        scale). mode "absolute" sums weight x value; "relative" first
        normalises every criterion to 0..100 across the backlog, so a
        relative score changes when items are added or re-estimated.
        Criteria may also be added later with :meth:`add_criterion`.
        """
        self = cls._wrap(lpcore.lp_score_model_new_scorecard())
        for criterion in criteria:
            if isinstance(criterion, dict):
                self.add_criterion(**criterion)
            else:
                self.add_criterion(*criterion)
        options = dict(options, mode=mode)
        self.configure(**options)
        return self

    @classmethod
    def scorecard_from_file(cls, path, **options):
        """A scorecard from a definition file (JSON or ``key = value`` lines;
        see lp_score_model_new_scorecard_from_data in lp-score.h)."""
        return cls._wrap(lpcore.lp_score_model_new_scorecard_from_file(path), options)

    @classmethod
    def scorecard_from_data(cls, data, **options):
        """A scorecard from a definition (str or bytes)."""
        return cls._wrap(lpcore.lp_score_model_new_scorecard_from_data(data), options)

    @classmethod
    def formula(cls, expression, backlog=None, **options):
        """A user formula over item attributes, e.g.
        ``"(reach * impact * confidence) / effort"`` (+ - * / ^, comparisons,
        min max abs sqrt log log10 exp, if(c, a, b)). A syntax error raises
        InvalidValueError naming the column. With backlog, an identifier
        that is not an attribute of the backlog is an error too; otherwise
        an item lacking one is unscored."""
        if isinstance(expression, str) and "\0" in expression:
            raise InvalidValueError("formula: column %d: NUL character"
                                    % (expression.index("\0") + 1))
        if backlog is None:
            m = lpcore.lp_score_model_new_formula(expression)
        else:
            if not isinstance(backlog, Backlog):
                raise TypeError("backlog must be a Backlog, not %s" % type(backlog).__name__)
            m = lpcore.lp_score_model_new_formula_for_backlog(expression, backlog._b)
        return cls._wrap(m, options)

    @classmethod
    def custom(cls, name, func, **options):
        """A model computed by a Python function: ``func(item)`` gets an
        :class:`Item` and returns its score (a finite number) or None to
        leave it unscored (NaN and infinities also leave it unscored).

        The function is called once per open item, in manual order, by
        every apply, order and next. If it raises, the item and every later
        item are left unscored without calling it again, and the exception
        propagates from the call that applied the model (``apply``,
        ``Backlog.order``, ...) once the C code has returned; its result is
        discarded. The function may read the backlog (even apply another
        model to it) but not change it: while it runs the backlog is
        :attr:`Backlog.busy` and every change raises BusyError (raised
        from the function, it propagates as above) and changes nothing.
        """
        if not callable(func):
            raise TypeError("func must be callable, not %s" % type(func).__name__)

        def adapter(ptr):
            return func(Item._wrap(_backlog_of_ptr(ptr), ptr))
        return cls._wrap(lpcore.lp_score_model_new_custom(name, adapter), options)

    # options
    def configure(self, *, inputs=None, scale_check=None, mode=None,
                  value_threshold=None, effort_threshold=None,
                  must_limit=None, options=None):
        """Sets several options at once; returns the model.

        inputs: {input: attribute}, e.g. {"reach": "users_per_quarter"};
        scale_check: "ignore", "report" or "reject"; mode: "product" or
        "average" for ICE, "absolute" or "relative" for a scorecard;
        value_threshold, effort_threshold: where the value/effort quadrants
        split (a number, or "median"); must_limit: MoSCoW's largest share
        of effort for musts (0 < share <= 1); options: {key: text} passed
        to :meth:`set_option`.
        """
        for input_, attribute in dict(inputs or {}).items():
            self.set_input(input_, attribute)
        if scale_check is not None:
            self.set_scale_check(scale_check)
        if mode is not None:
            if not isinstance(mode, str):
                raise TypeError("mode must be a str, not %s" % type(mode).__name__)
            self.set_option("mode", mode)
        if value_threshold is not None:
            self.set_option("value-threshold", value_threshold)
        if effort_threshold is not None:
            self.set_option("effort-threshold", effort_threshold)
        if must_limit is not None:
            self.set_must_limit(must_limit)
        for key, value in dict(options or {}).items():
            self.set_option(key, value)
        return self

    def set_option(self, key, value):
        """Sets an option from text, as ``prioritize --option KEY=VALUE``
        does (see lp_score_model_set_option); returns the model."""
        lpcore.lp_score_model_set_option(self._m, key, _option_text(value))
        return self

    def set_input(self, input, attribute):
        """Reads input (its default name, e.g. "reach") from another
        attribute; returns the model."""
        lpcore.lp_score_model_set_input(self._m, input, attribute)
        return self

    def set_scale_check(self, check):
        """"ignore", "report" or "reject" inputs off the model's scale."""
        lpcore.lp_score_model_set_scale_check(
            self._m, _enum_arg(check, lpcore.lp_scale_check_from_string, "scale_check"))
        return self

    def set_ice_mode(self, mode):
        """ICE only: "product" or "average"."""
        lpcore.lp_score_model_set_ice_mode(
            self._m, _enum_arg(mode, lpcore.lp_ice_mode_from_string, "mode"))
        return self

    def set_scorecard_mode(self, mode):
        """Scorecard only: "absolute" or "relative"."""
        lpcore.lp_score_model_set_scorecard_mode(
            self._m, _enum_arg(mode, lpcore.lp_scorecard_mode_from_string, "mode"))
        return self

    def set_quadrant_thresholds(self, value=None, effort=None):
        """Where the value/effort matrix splits; None means the median."""
        lpcore.lp_score_model_set_quadrant_thresholds(
            self._m, math.nan if value is None else value,
            math.nan if effort is None else effort)
        return self

    def set_must_limit(self, share):
        """MoSCoW only: the largest acceptable share of effort for musts."""
        lpcore.lp_score_model_set_must_limit(self._m, share)
        return self

    def add_criterion(self, name, weight, scale="any", values=None):
        """Scorecard only: appends a criterion (a negative weight for a
        cost); scale is a name from SCALES; values the allowed values of a
        "custom" scale. Returns the model."""
        lpcore.lp_score_model_add_criterion(
            self._m, name, weight, _enum_arg(scale, lpcore.lp_scale_from_string, "scale"))
        if values is not None:
            self.set_criterion_values(name, values)
        return self

    def set_criterion_values(self, name, values):
        """Scorecard only: the values a "custom" criterion may take."""
        lpcore.lp_score_model_set_criterion_values(self._m, name, list(values))
        return self

    @property
    def name(self):
        return lpcore.lp_score_model_get_name(self._m)

    @property
    def inputs(self):
        """The attributes the model reads, after renaming (a new list)."""
        return lpcore.lp_score_model_dup_inputs(self._m)

    @property
    def criteria(self):
        """A scorecard's criteria, as Criterion records (empty otherwise)."""
        criteria = []
        for i in range(lpcore.lp_score_model_get_n_criteria(self._m)):
            name, weight, scale = lpcore.lp_score_model_get_criterion(self._m, i)
            criteria.append(Criterion(name, weight, lpcore.lp_scale_to_string(scale)))
        return criteria

    # use
    def score(self, item):
        """The item's score, or None when the model cannot score it.

        Models that look at the whole backlog (relative scorecards, MoSCoW)
        score consistently only through :meth:`apply`."""
        if not isinstance(item, Item):
            raise TypeError("score() needs an Item, not %s" % type(item).__name__)
        with item._backlog._lock:
            return lpcore.lp_score_model_score_item(self._m, item._p())

    def apply(self, backlog):
        """Scores every open item of backlog: a :class:`Scores` mapping."""
        if not isinstance(backlog, Backlog):
            raise TypeError("apply() needs a Backlog, not %s" % type(backlog).__name__)
        with backlog._lock:
            return Scores._wrap(backlog, lpcore.lp_score_model_apply(self._m, backlog._b), self)

    def explain(self, backlog_or_item, item=None):
        """The :class:`Explanation` of an item's score: ``explain(item)``
        or ``explain(backlog, item_or_id)``."""
        if item is None:
            item = backlog_or_item
            if not isinstance(item, Item):
                raise TypeError("explain() needs an Item, or a Backlog and an item")
            backlog = item._backlog
        else:
            backlog = backlog_or_item
            if not isinstance(backlog, Backlog):
                raise TypeError("explain() needs a Backlog, not %s" % type(backlog).__name__)
        with backlog._lock:
            e = lpcore.lp_score_model_explain(self._m, backlog._item_ptr(item))
            return Explanation._wrap(backlog, e)

    def __repr__(self):
        return "<ScoreModel %r>" % self.name


def _model_arg(model):
    """The C model (or None), from a ScoreModel, a name or None."""
    if model is None:
        return None
    if isinstance(model, ScoreModel):
        return model._m
    if isinstance(model, str):
        return ScoreModel.by_name(model)._m
    raise TypeError("model must be a ScoreModel, a model name or None, not %s"
                    % type(model).__name__)


class StaleError(Error, RuntimeError):
    """Scores or a ranking used after an item was removed from its backlog."""


def _check_fresh(obj):
    if obj._gen != obj._backlog._gen:
        raise StaleError("the backlog changed (an item was removed) since the %s "
                         "was computed" % type(obj).__name__.lower())


class Scores(Mapping):
    """The result of :meth:`ScoreModel.apply`: a read-only mapping from the
    id of every item that was open when scored (in manual order) to its
    score, or None when it is unscored.

    ``scores["LP-1"]``, ``scores.score(item)``; why an item is unscored:
    :meth:`missing` (the input it lacks) and :meth:`reason`; and what the
    model reports about the backlog: :meth:`quadrant`, :attr:`must_share`,
    :meth:`kano_category`, :attr:`violations`, ... Removing an item from the
    backlog makes the scores stale: only the mapping remains usable.
    """

    __slots__ = ("_s", "_backlog", "_gen", "_model", "_ids", "_scores", "_index")

    def __init__(self, *args, **kwargs):
        raise TypeError("scores are computed by ScoreModel.apply()")

    @classmethod
    def _wrap(cls, backlog, s, model):
        self = object.__new__(cls)
        self._s = s
        self._backlog = backlog
        self._gen = backlog._gen
        self._model = model
        self._ids, self._scores = s.open_scores()
        self._index = {id_: i for i, id_ in enumerate(self._ids)}
        return self

    # mapping
    def __getitem__(self, key):
        if isinstance(key, Item):
            key = key.id
        try:
            return self._scores[self._index[key]]
        except (KeyError, TypeError):
            raise KeyError(key) from None

    def __iter__(self):
        return iter(self._ids)

    def __len__(self):
        return len(self._ids)

    def __contains__(self, key):
        if isinstance(key, Item):
            key = key.id
        return isinstance(key, str) and key in self._index

    @property
    def backlog(self):
        return self._backlog

    @property
    def model(self):
        """The ScoreModel applied."""
        return self._model

    @property
    def n_scored(self):
        return lpcore.lp_scores_get_n_scored(self._s)

    @property
    def n_unscored(self):
        return lpcore.lp_scores_get_n_unscored(self._s)

    def _p(self, item):
        _check_fresh(self)
        return self._backlog._item_ptr(item)

    @_serialised
    def score(self, item):
        """The score of item (an Item or an id), or None when unscored or
        not open."""
        return lpcore.lp_scores_get_score(self._s, self._p(item))

    @_serialised
    def missing(self, item):
        """The input item lacks ("reach", "moscow", a formula variable, ...),
        or None when it is scored or unscored for another reason."""
        return lpcore.lp_scores_get_missing_input(self._s, self._p(item))

    @_serialised
    def reason(self, item):
        """Why item is unscored, one line (``missing input "reach"``,
        ``impact 4 is off the RICE scale ...``), or None when scored."""
        return lpcore.lp_scores_dup_reason(self._s, self._p(item))

    @_serialised
    def unscored(self):
        """{id: reason} for every unscored open item, in manual order."""
        return {id_: self.reason(id_) for id_, score in zip(self._ids, self._scores)
                if score is None}

    @_serialised
    def quadrant(self, item):
        """"quick-win", "big-bet", "fill-in" or "time-sink" (value/effort
        matrix), or None when item lacks a value or an effort."""
        q = lpcore.lp_scores_get_quadrant(self._s, self._p(item))
        return None if q is None else lpcore.lp_quadrant_to_string(q)

    @_serialised
    def quadrants(self):
        """{id: quadrant} for every open item that has one, in manual order."""
        result = {}
        for id_ in self._ids:
            q = self.quadrant(id_)
            if q is not None:
                result[id_] = q
        return result

    @property
    @_serialised
    def quadrant_thresholds(self):
        """(value threshold, effort threshold) in effect; None when undefined."""
        _check_fresh(self)
        return lpcore.lp_scores_get_quadrant_thresholds(self._s)

    @_serialised
    def secondary(self, item):
        """MoSCoW: the item's score under the secondary model, or None."""
        return lpcore.lp_scores_get_secondary_score(self._s, self._p(item))

    @property
    def must_share(self):
        """MoSCoW: the musts' share of the estimated open effort (0..1);
        None for other models or when nothing categorised is estimated."""
        return lpcore.lp_scores_get_must_share(self._s)[0]

    @property
    def must_limit(self):
        """MoSCoW: the model's must limit (None for other models)."""
        return lpcore.lp_scores_get_must_share(self._s)[1]

    @property
    def must_share_exceeded(self):
        """MoSCoW: whether the must share is above the limit."""
        return lpcore.lp_scores_must_share_exceeded(self._s)

    @_serialised
    def kano_category(self, item):
        """Kano: the item's category (a name from KANO_CATEGORIES), or None
        when it has no answers."""
        c = lpcore.lp_scores_get_kano_category(self._s, self._p(item))
        return None if c is None else lpcore.lp_kano_category_to_string(c)

    @_serialised
    def kano_counts(self, item):
        """Kano: {category: number of answer pairs} (every category), or
        None when the item has no answers."""
        counts = lpcore.lp_scores_get_kano_counts(self._s, self._p(item))
        return None if counts is None else dict(zip(KANO_CATEGORIES, counts))

    @_serialised
    def kano_coefficients(self, item):
        """Kano: (better, worse) = (CS, DS), CS = (A+O)/(A+O+M+I) in 0..1,
        DS = -(O+M)/(A+O+M+I) in -1..0; None when undefined."""
        return lpcore.lp_scores_get_kano_coefficients(self._s, self._p(item))

    @property
    @_serialised
    def violations(self):
        """The inputs off the model's scale (with scale_check "report" or
        "reject"), as Violation records in manual order."""
        _check_fresh(self)
        result = []
        for i in range(lpcore.lp_scores_get_n_violations(self._s)):
            ptr, input_, value = lpcore.lp_scores_get_violation(self._s, i)
            result.append(Violation(lpcore.lp_item_get_id(ptr), input_, value))
        return result

    @_serialised
    def explain(self, item):
        """The :class:`Explanation` of item's score (cheap: use it for many
        items)."""
        return Explanation._wrap(self._backlog,
                                 lpcore.lp_scores_explain(self._s, self._p(item)))

    def __repr__(self):
        return "<Scores model=%r scored=%d unscored=%d>" % (
            self._model.name, self.n_scored, self.n_unscored)


class Explanation:
    """Why an item has its score: ``str(e)`` is one line such as
    ``RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400``;
    ``terms`` lists the inputs as Term records; ``score`` is the score
    (None when unscored, then ``reason`` and ``missing_input`` say why).
    """

    __slots__ = ("item", "model", "score", "reason", "missing_input", "terms", "_text")

    def __init__(self, *args, **kwargs):
        raise TypeError("explanations come from ScoreModel.explain() or Scores.explain()")

    @classmethod
    def _wrap(cls, backlog, e):
        self = object.__new__(cls)
        self.item = Item._wrap(backlog, lpcore.lp_explanation_get_item(e))
        self.model = lpcore.lp_explanation_get_model_name(e)
        self.score = lpcore.lp_explanation_get_score(e)
        self.reason = lpcore.lp_explanation_get_reason(e)
        self.missing_input = lpcore.lp_explanation_get_missing_input(e)
        terms = []
        for i in range(lpcore.lp_explanation_get_n_terms(e)):
            terms.append(Term(
                lpcore.lp_explanation_get_term_name(e, i),
                lpcore.lp_term_role_to_string(lpcore.lp_explanation_get_term_role(e, i)),
                _none_if_nan(lpcore.lp_explanation_get_term_input(e, i)),
                _none_if_nan(lpcore.lp_explanation_get_term_value(e, i)),
                _none_if_nan(lpcore.lp_explanation_get_term_weight(e, i)),
                _none_if_nan(lpcore.lp_explanation_get_term_contribution(e, i))))
        self.terms = terms
        self._text = lpcore.lp_explanation_to_string(e)
        return self

    @property
    def scored(self):
        return self.score is not None

    def __str__(self):
        return self._text

    def __repr__(self):
        return "<Explanation %s: %s>" % (self.item.id, self._text)


# --- items -------------------------------------------------------------------

class Item:
    """One item of a :class:`Backlog`; obtained from the backlog, never built.

    An Item keeps its backlog alive. It names its item by id: two Item
    objects are equal when they name the same id in the same backlog, and
    using an Item whose item was removed (by any means, lpcore included)
    raises UnknownItemError, until an item with that id is added again.
    """

    __slots__ = ("_backlog", "_ptr", "_id", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("items are created by Backlog.add_item()")

    @classmethod
    def _wrap(cls, backlog, ptr, id=None):
        self = object.__new__(cls)
        self._backlog = backlog
        self._ptr = ptr
        self._id = ptr._id() if id is None else id
        return self

    @classmethod
    def _lazy(cls, backlog, id):
        """An Item for an id, resolved on first use."""
        self = object.__new__(cls)
        self._backlog = backlog
        self._ptr = None
        self._id = id
        return self

    def _p(self):
        """The lpcore handle of the item, which finds the item by its id on
        every use (UnknownItemError once it is gone)."""
        ptr = self._ptr
        if ptr is None:
            ptr = self._ptr = lpcore.lp_backlog_lookup_item(self._backlog._b, self._id)
        return ptr

    # identity
    @property
    def id(self):
        return self._id

    @property
    def backlog(self):
        return self._backlog

    @property
    def position(self):
        """0-based position in the manual order; settable (moves the item)."""
        return lpcore.lp_item_get_position(self._p())

    @position.setter
    def position(self, position):
        self._backlog.move_item(self, position)

    # text
    @property
    def title(self):
        return lpcore.lp_item_get_title(self._p())

    @title.setter
    def title(self, title):
        try:
            lpcore.lp_item_set_title(self._p(), "" if title is None else title)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.title = title

    @property
    def description(self):
        return lpcore.lp_item_get_description(self._p())

    @description.setter
    def description(self, description):
        try:
            lpcore.lp_item_set_description(self._p(), "" if description is None else description)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.description = description

    # classification
    @property
    def kind(self):
        """The kind's name ("story", "epic", ...); see KINDS."""
        return lpcore.lp_item_kind_to_string(lpcore.lp_item_get_kind(self._p()))

    @kind.setter
    def kind(self, kind):
        try:
            lpcore.lp_item_set_kind(self._p(), _kind_arg(kind))
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.kind = kind

    @property
    def status(self):
        """The status's name ("todo", "in_progress", "done", "dropped")."""
        return lpcore.lp_item_status_to_string(lpcore.lp_item_get_status(self._p()))

    @status.setter
    def status(self, status):
        try:
            lpcore.lp_item_set_status(self._p(), _status_arg(status))
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.status = status

    # numbers
    @property
    def value(self):
        """The value (>= 0), or None when unvalued; set None to clear."""
        value = lpcore.lp_item_get_value(self._p())   # NaN: unvalued
        return None if value != value else value

    @value.setter
    def value(self, value):
        try:
            if value is None:
                lpcore.lp_item_clear_value(self._p())
            else:
                lpcore.lp_item_set_value(self._p(), value)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.value = value

    @property
    def effort(self):
        """The effort (> 0), or None when unestimated; set None to clear."""
        effort = lpcore.lp_item_get_effort(self._p())  # NaN: unestimated
        return None if effort != effort else effort

    @effort.setter
    def effort(self, effort):
        try:
            if effort is None:
                lpcore.lp_item_clear_effort(self._p())
            else:
                lpcore.lp_item_set_effort(self._p(), effort)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.effort = effort

    # hierarchy
    @property
    def parent(self):
        """The parent Item or None; set an Item, an id or None."""
        parent = lpcore.lp_item_get_parent(self._p())
        return None if parent is None else Item._wrap(self._backlog, parent)

    @parent.setter
    def parent(self, parent):
        try:
            lpcore.lp_item_set_parent(self._p(), None if parent is None
                                      else self._backlog._item_ptr(parent))
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.parent = parent

    # labels
    @property
    def labels(self):
        """The labels, as a tuple."""
        return self._p()._labels()

    def add_label(self, label):
        """Adds a label (nothing happens if the item has it already)."""
        try:
            lpcore.lp_item_add_label(self._p(), label)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.add_label(label)

    def remove_label(self, label):
        """Removes a label; returns whether the item had it."""
        try:
            return lpcore.lp_item_remove_label(self._p(), label)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            return self.remove_label(label)

    def has_label(self, label):
        return lpcore.lp_item_has_label(self._p(), label)

    # attributes
    @property
    def attributes(self):
        """The numeric attributes, as a new dict (changes do not write back)."""
        return self._p()._attributes()

    def get_attribute(self, name, default=None):
        value = lpcore.lp_item_get_attribute(self._p(), name)
        return default if value is None else value

    def set_attribute(self, name, value):
        try:
            lpcore.lp_item_set_attribute(self._p(), name, value)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.set_attribute(name, value)

    def unset_attribute(self, name):
        """Removes an attribute; returns whether the item had it."""
        try:
            return lpcore.lp_item_unset_attribute(self._p(), name)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            return self.unset_attribute(name)

    # scoring-model fields
    @property
    def moscow(self):
        """The MoSCoW category ("must", "should", "could", "wont") or None;
        set a name or None."""
        m = lpcore.lp_item_get_moscow(self._p())
        return None if m == lpcore.LP_MOSCOW_NONE else lpcore.lp_moscow_to_string(m)

    @moscow.setter
    def moscow(self, moscow):
        value = lpcore.LP_MOSCOW_NONE if moscow is None else _enum_arg(
            moscow, lpcore.lp_moscow_from_string, "moscow")
        try:
            lpcore.lp_item_set_moscow(self._p(), value)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.moscow = moscow

    @property
    def kano_answers(self):
        """The Kano survey answers, a list of (functional, dysfunctional)
        pairs of names from KANO_ANSWERS; set an iterable of pairs to
        replace them all."""
        to_string = lpcore.lp_kano_answer_to_string
        return [(to_string(f), to_string(d)) for f, d in self._p()._kano_answers()]

    @kano_answers.setter
    @_serialised
    def kano_answers(self, answers):
        pairs = _kano_pairs(answers)
        p = self._p()
        lpcore.lp_item_clear_kano_answers(p)
        for f, d in pairs:
            lpcore.lp_item_add_kano_answer(p, f, d)

    def add_kano_answer(self, functional, dysfunctional):
        """Appends one respondent's answer pair, e.g. ("like", "dislike")."""
        (f, d), = _kano_pairs([(functional, dysfunctional)])
        try:
            lpcore.lp_item_add_kano_answer(self._p(), f, d)
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.add_kano_answer(functional, dysfunctional)

    def clear_kano_answers(self):
        try:
            lpcore.lp_item_clear_kano_answers(self._p())
        except BusyError:
            _wait_for_other_scorer(self._backlog)
            self.clear_kano_answers()

    # dependencies
    @property
    def prerequisites(self):
        """The items this one directly depends on."""
        return self._backlog.prerequisites(self)

    @property
    def dependents(self):
        """The items that directly depend on this one."""
        return self._backlog.dependents(self)

    @property
    def blockers(self):
        """The direct prerequisites that are not done."""
        return self._backlog.blockers(self)

    @property
    def is_ready(self):
        """Open, and every direct prerequisite done."""
        return self._backlog.is_ready(self)

    # object protocol
    def __eq__(self, other):
        if not isinstance(other, Item):
            return NotImplemented
        return self._backlog is other._backlog and self._id == other._id

    def __hash__(self):
        return hash((id(self._backlog), self._id))

    def __repr__(self):
        try:
            p = self._p()
            text = "<Item %s %r" % (self._id, lpcore.lp_item_get_title(p))
            if lpcore.lp_item_has_value(p):
                text += " value=%g" % lpcore.lp_item_get_value(p)
            if lpcore.lp_item_has_effort(p):
                text += " effort=%g" % lpcore.lp_item_get_effort(p)
        except UnknownItemError:
            return "<Item %s (removed)>" % self._id
        return text + ">"


def _kind_arg(kind):
    if isinstance(kind, str):
        return lpcore.lp_item_kind_from_string(kind)
    raise TypeError("kind must be a str such as 'story', not %s" % type(kind).__name__)


def _kano_pairs(answers):
    """The (functional, dysfunctional) enum pairs, all checked first."""
    if _is_missing(answers):
        return []
    pairs = []
    for pair in answers:
        if isinstance(pair, str) or len(pair) != 2:
            raise InvalidValueError("a Kano answer is a (functional, dysfunctional) pair, not %r"
                                    % (pair,))
        f, d = pair
        pairs.append((_enum_arg(f, lpcore.lp_kano_answer_from_string, "functional"),
                      _enum_arg(d, lpcore.lp_kano_answer_from_string, "dysfunctional")))
    return pairs


def _status_arg(status):
    if isinstance(status, str):
        return lpcore.lp_item_status_from_string(status)
    raise TypeError("status must be a str such as 'todo', not %s" % type(status).__name__)


# --- rankings ----------------------------------------------------------------

#: One ranked item: its rank (1 for the best, as ``prioritize rank`` prints
#: it; ``ranking[0]`` is rank 1), id, the Item, and its score (None when
#: unscored).
Entry = namedtuple("Entry", "rank id item score")

#: An open item left out of an order: its id, why ("in-cycle",
#: "behind-cycle" or "blocked-by-dropped"), and the id of the item at the
#: root of the exclusion.
Exclusion = namedtuple("Exclusion", "id reason cause")


class Ranking:
    """The result of :meth:`Backlog.order` or :meth:`Backlog.next`.

    A sequence of :class:`Entry`; ``excluded`` lists the open items that
    could not be ordered. The ids, scores and exclusions are taken when the
    ranking is computed; later changes to the backlog do not alter them.

    Under priority inheritance (``order(inherit=True)``),
    :meth:`effective_scores` gives the scores the order used and
    :meth:`inherited_from` the dependents they came from. :meth:`explain`,
    :meth:`why`, :meth:`held_back_by`, :meth:`waits_behind` and
    :meth:`rank_of` answer questions about positions; they raise StaleError
    once an item was removed from the backlog.
    """

    __slots__ = ("_backlog", "_r", "_gen", "_ids", "_scores", "_excluded", "_model",
                 "_inherit", "_effective", "_inherited")

    def __init__(self, *args, **kwargs):
        raise TypeError("rankings are computed by Backlog.order() or Backlog.next()")

    @classmethod
    def _wrap(cls, backlog, r, inherit=False):
        self = object.__new__(cls)
        self._backlog = backlog
        self._r = r
        self._gen = backlog._gen
        self._ids = r.ids()
        self._scores = r.scores()
        self._model = lpcore.lp_ranking_get_model_name(r)
        self._inherit = bool(inherit)
        if inherit:
            self._effective, self._inherited = r.inheritance()
        else:
            # without inheritance every item ranks by its own score: no
            # second pair of million-entry lists
            self._effective, self._inherited = self._scores, None
        excluded = []
        for i in range(lpcore.lp_ranking_get_n_excluded(r)):
            excluded.append(Exclusion(
                lpcore.lp_item_get_id(lpcore.lp_ranking_get_excluded_item(r, i)),
                lpcore.lp_exclusion_to_string(lpcore.lp_ranking_get_excluded_reason(r, i)),
                lpcore.lp_item_get_id(lpcore.lp_ranking_get_excluded_cause(r, i))))
        self._excluded = excluded
        return self

    @property
    def backlog(self):
        return self._backlog

    @property
    def model(self):
        """The name of the scoring model used."""
        return self._model

    def __len__(self):
        return len(self._ids)

    def _entry(self, rank):
        id_ = self._ids[rank]
        return Entry(rank + 1, id_, Item._lazy(self._backlog, id_), self._scores[rank])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._entry(i) for i in range(*index.indices(len(self._ids)))]
        n = len(self._ids)
        index = range(n)[index]  # IndexError, negative indices, __index__
        return self._entry(index)

    def __iter__(self):
        for rank in range(len(self._ids)):
            yield self._entry(rank)

    def ids(self):
        """The ranked ids, best first (a new list)."""
        return list(self._ids)

    def scores(self):
        """The scores in rank order (None for an unscored item)."""
        return list(self._scores)

    def items(self):
        """The ranked Items, best first."""
        return [Item._lazy(self._backlog, id_) for id_ in self._ids]

    @property
    def inherit(self):
        """Whether the order used priority inheritance."""
        return self._inherit

    def effective_scores(self):
        """The scores the order used, in rank order: the item's own score
        unless priority inheritance raised it (None: unscored)."""
        return list(self._effective)

    def inherited_from(self):
        """In rank order, the id of the dependent whose score each item
        inherited, or None when it ranks by its own score."""
        if self._inherited is None:
            return [None] * len(self._ids)
        return list(self._inherited)

    def _p(self, item):
        _check_fresh(self)
        return self._backlog._item_ptr(item)

    @_serialised
    def rank_of(self, item):
        """The rank (from 1, as Entry.rank) of item (an Item or an id), or
        None when it is not ranked (excluded, not open, beyond next's n)."""
        rank = lpcore.lp_ranking_find_item(self._r, self._p(item))
        return None if rank is None else rank + 1

    @_serialised
    def explain(self, item):
        """Why item has its place, several lines: rank and (effective) score
        or why it is unscored, the priority it inherited, the items above it
        with better scores, the prerequisites that hold it back; or its
        exclusion, or its status."""
        return lpcore.lp_ranking_explain_position(self._r, self._p(item))

    @_serialised
    def why(self, a, b):
        """One line answering "why is a above b?" (or b above a)."""
        return lpcore.lp_ranking_explain_pair(self._r, self._p(a), self._p(b))

    @_serialised
    def held_back_by(self, item):
        """The prerequisites of item ranked above it with a worse score:
        above it only because item needs them first (Items, rank order)."""
        return self._backlog._items(lpcore.lp_ranking_dup_held_back_by(self._r, self._p(item)))

    @_serialised
    def waits_behind(self, item):
        """The items ranked above item with a better (effective) score, or
        an equal one and an earlier manual position (Items, rank order)."""
        return self._backlog._items(lpcore.lp_ranking_dup_waits_behind(self._r, self._p(item)))

    @property
    def excluded(self):
        """The open items that could not be ordered, as Exclusion records."""
        return list(self._excluded)

    @_serialised
    def to_records(self):
        """One dict per ranked item: rank (from 1), id, score, value, effort, title
        (e.g. for ``pandas.DataFrame(ranking.to_records())``); under priority
        inheritance also effective_score and inherited_from (an id or None),
        as ``prioritize rank --json --inherit`` prints them."""
        records = self._records()
        if self._inherit:
            for record, effective, source in zip(records, self._effective, self._inherited):
                record["effective_score"] = effective
                record["inherited_from"] = source
        return records

    def _records(self):
        if self._gen == self._backlog._gen:
            records = self._r.records()
            if records is not None:
                return records
        records = []
        for rank, (id_, score) in enumerate(zip(self._ids, self._scores), 1):
            item = self._backlog.get(id_)
            records.append({
                "rank": rank, "id": id_, "score": score,
                "value": None if item is None else item.value,
                "effort": None if item is None else item.effort,
                "title": None if item is None else item.title,
            })
        return records

    def __repr__(self):
        return "<Ranking model=%r items=%d excluded=%d>" % (
            self._model, len(self._ids), len(self._excluded))


# --- cycles ------------------------------------------------------------------

class Cycle:
    """A group of items that depend on each other in a circle.

    ``members`` lists the ids of the group in manual order; ``path`` one
    cycle through its first member, each depending on the next and the
    last on the first. ``str(cycle)`` is "A -> B -> A".
    """

    __slots__ = ("members", "path", "_text")

    def __init__(self, members, path, text=None):
        self.members = list(members)
        self.path = list(path)
        self._text = text if text is not None else " -> ".join(self.path + self.path[:1])

    def __str__(self):
        return self._text

    def __repr__(self):
        return "<Cycle %s>" % self._text

    def __len__(self):
        return len(self.members)

    def __eq__(self, other):
        if not isinstance(other, Cycle):
            return NotImplemented
        return self.members == other.members and self.path == other.path

    __hash__ = None


# --- backlogs ----------------------------------------------------------------

class Backlog:
    """A product backlog: items in the manual order, and dependencies.

    ``len(b)``, ``iter(b)`` (Items in manual order), ``b["LP-1"]`` (KeyError
    if absent; an int indexes the manual order), ``"LP-1" in b``.
    """

    __slots__ = ("_b", "_gen", "_lock", "__weakref__")

    def __init__(self, name=None, vision=None):
        self._b = lpcore.LpBacklog()
        self._gen = 0
        self._lock = threading.RLock()
        _BACKLOGS[self._b._address()] = self
        if name is not None:
            self.name = name
        if vision is not None:
            self.vision = vision

    @classmethod
    def _wrap(cls, b):
        self = cls.__new__(cls)
        self._b = b
        self._gen = 0
        self._lock = threading.RLock()
        _BACKLOGS.setdefault(b._address(), self)
        return self

    @property
    def _backlog(self):
        """The backlog whose lock _serialised takes: itself."""
        return self

    # files
    @classmethod
    def load(cls, path):
        """Reads a `libproduct/1` JSON file."""
        return cls._wrap(lpcore.lp_backlog_load_file(path))

    @classmethod
    def load_fd(cls, fd, name, max_size=DEFAULT_MAX_INPUT_SIZE):
        """Reads a `libproduct/1` JSON document from an open descriptor (an
        int, or a file object's fileno()) within max_size bytes
        (:class:`LimitError` past it): a regular file is streamed from its
        start, anything else read from where it is. name is how messages
        name the input. The descriptor stays open."""
        return cls._wrap(lpcore.lp_backlog_load_fd(_fileno(fd), name, max_size))

    @classmethod
    def loads(cls, data):
        """Parses a `libproduct/1` JSON document (str or bytes)."""
        return cls._wrap(lpcore.lp_backlog_load_data(data))

    def save(self, path):
        """Writes the backlog as JSON, atomically."""
        lpcore.lp_backlog_save_file(self._b, path)

    def dumps(self):
        """The backlog as a `libproduct/1` JSON document (a str)."""
        return lpcore.lp_backlog_save_data(self._b)

    @classmethod
    def import_csv(cls, path):
        """Imports a Jira-style CSV export."""
        return cls._wrap(lpcore.lp_backlog_import_csv_file(path))

    @classmethod
    def import_csv_data(cls, data):
        """Imports Jira-style CSV text (str or bytes)."""
        return cls._wrap(lpcore.lp_backlog_import_csv_data(data))

    @classmethod
    def from_records(cls, records, name=None, vision=None):
        """A new backlog from dicts with the keys id, title, value, effort,
        kind, status, description, parent, depends_on (ids, or a
        ';'-separated string), labels, attributes, moscow and kano_answers
        (a list of (functional, dysfunctional) pairs); missing keys, None and
        NaN mean unset (so ``df.to_dict("records")`` works)."""
        records = list(records)
        ids, titles, values, efforts = [], [], [], []
        for i, record in enumerate(records):
            id_ = record.get("id")
            if isinstance(id_, int) and not isinstance(id_, bool):
                id_ = str(id_)
            if not isinstance(id_, str):
                raise InvalidValueError("record %d: the id must be a str, not %r" % (i, id_))
            ids.append(id_)
            titles.append(_text_or_none(record.get("title")))
            values.append(_number_or_nan(record.get("value"), 'item "%s": value' % id_))
            efforts.append(_number_or_nan(record.get("effort"), 'item "%s": effort' % id_))
        backlog = cls(name=name, vision=vision)
        backlog.add_items(ids, titles, values, efforts)

        position = {id_: i for i, id_ in enumerate(ids)}
        dependents, prerequisites = [], []
        for i, record in enumerate(records):
            item = None

            def get_item():
                return Item._wrap(backlog, lpcore.lp_backlog_get_item_at(backlog._b, i), ids[i])
            for key in ("kind", "status", "description", "moscow"):
                if not _is_missing(record.get(key)):
                    item = item or get_item()
                    setattr(item, key, record[key])
            kano = record.get("kano_answers")
            if not _is_missing(kano):
                item = item or get_item()
                item.kano_answers = kano
            for label in _split_list(record.get("labels")):
                item = item or get_item()
                item.add_label(label)
            attributes = record.get("attributes")
            if not _is_missing(attributes):
                item = item or get_item()
                for name_, value in dict(attributes).items():
                    item.set_attribute(name_, value)
            for dep in _split_list(record.get("depends_on")):
                if dep not in position:
                    raise UnknownItemError('item "%s": depends on unknown item "%s"' % (ids[i], dep))
                dependents.append(i)
                prerequisites.append(position[dep])
        backlog.add_dependencies(dependents, prerequisites)
        for i, record in enumerate(records):
            parent = record.get("parent")
            if not _is_missing(parent) and parent != "":
                backlog[i].parent = parent
        return backlog

    # product
    @property
    def name(self):
        """The product's name ("" when unset; set None to clear)."""
        return lpcore.lp_backlog_get_name(self._b)

    @name.setter
    def name(self, name):
        try:
            lpcore.lp_backlog_set_name(self._b, name)
        except BusyError:
            _wait_for_other_scorer(self)
            self.name = name

    @property
    def vision(self):
        """The product vision ("" when unset; set None to clear)."""
        return lpcore.lp_backlog_get_vision(self._b)

    @vision.setter
    def vision(self, vision):
        try:
            lpcore.lp_backlog_set_vision(self._b, vision)
        except BusyError:
            _wait_for_other_scorer(self)
            self.vision = vision

    @property
    def busy(self):
        """Whether a scoring model is being applied to the backlog now: True
        only while a custom model's function runs (seen from the function,
        or from another thread). A busy backlog can be read, but every
        change from the function raises BusyError (another thread's change
        waits for the lock)."""
        return lpcore.lp_backlog_is_busy(self._b)

    # container protocol
    def __len__(self):
        return lpcore.lp_backlog_get_n_items(self._b)

    def __iter__(self):
        b = self._b
        position = 0
        while True:
            ptr = b._item_at(position)
            if ptr is None:
                return
            yield Item._wrap(self, ptr)
            position += 1

    def __getitem__(self, key):
        if isinstance(key, str):
            ptr = lpcore.lp_backlog_get_item(self._b, key)
            if ptr is None:
                raise KeyError(key)
            return Item._wrap(self, ptr, key)
        if isinstance(key, bool) or not hasattr(key, "__index__"):
            raise TypeError("backlog indices are ids (str) or positions (int), not %s"
                            % type(key).__name__)
        position = range(lpcore.lp_backlog_get_n_items(self._b))[key]
        ptr = self._b._item_at(position)
        if ptr is None:                   # another thread removed items since
            raise IndexError("backlog index out of range")
        return Item._wrap(self, ptr)

    def __contains__(self, key):
        if isinstance(key, Item):
            return key._backlog is self and lpcore.lp_backlog_get_item(self._b, key._id) is not None
        if isinstance(key, str):
            return lpcore.lp_backlog_get_item(self._b, key) is not None
        return False

    def get(self, id, default=None):
        """The Item with this id, or default."""
        ptr = lpcore.lp_backlog_get_item(self._b, id)
        return default if ptr is None else Item._wrap(self, ptr, id)

    def ids(self):
        """The ids of all items in manual order (built in one C call)."""
        return self._b.ids()

    def __repr__(self):
        return "<Backlog %r items=%d dependencies=%d>" % (
            self.name, len(self), self.n_dependencies)

    def _item_ptr(self, item):
        """The C item for an Item of this backlog or an id."""
        if isinstance(item, Item):
            if item._backlog is not self:
                raise InvalidValueError('item "%s" belongs to another backlog' % item._id)
            return item._p()
        if isinstance(item, str):
            return lpcore.lp_backlog_lookup_item(self._b, item)
        raise TypeError("an Item or an item id (str) is needed, not %s" % type(item).__name__)

    def _items(self, ptrs):
        return [Item._wrap(self, p) for p in ptrs]

    # items
    def add_item(self, id, title=None, *, value=None, effort=None, kind=None,
                 status=None, attributes=None, labels=None, parent=None,
                 description=None, moscow=None, kano_answers=None):
        """Appends an item and returns it; all or nothing: if any field is
        invalid the backlog is left as it was."""
        kind = None if kind is None else _kind_arg(kind)
        status = None if status is None else _status_arg(status)
        moscow = None if moscow is None else _enum_arg(
            moscow, lpcore.lp_moscow_from_string, "moscow")
        kano = _kano_pairs(kano_answers)
        parent_ptr = None if parent is None else self._item_ptr(parent)
        if isinstance(labels, str):
            labels = [labels]
        with self._lock:                  # several calls: see _serialised
            ptr = lpcore.lp_backlog_add_item(self._b, id, title)
            try:
                if description is not None:
                    lpcore.lp_item_set_description(ptr, description)
                if kind is not None:
                    lpcore.lp_item_set_kind(ptr, kind)
                if status is not None:
                    lpcore.lp_item_set_status(ptr, status)
                if value is not None:
                    lpcore.lp_item_set_value(ptr, value)
                if effort is not None:
                    lpcore.lp_item_set_effort(ptr, effort)
                for label in labels or ():
                    lpcore.lp_item_add_label(ptr, label)
                for name, number in dict(attributes or {}).items():
                    lpcore.lp_item_set_attribute(ptr, name, number)
                if parent_ptr is not None:
                    lpcore.lp_item_set_parent(ptr, parent_ptr)
                if moscow is not None:
                    lpcore.lp_item_set_moscow(ptr, moscow)
                for f, d in kano:
                    lpcore.lp_item_add_kano_answer(ptr, f, d)
            except BaseException:
                lpcore.lp_backlog_remove_item(self._b, ptr)
                self._gen += 1
                raise
            return Item._wrap(self, ptr, id)

    @_serialised
    def add_items(self, ids, titles=None, values=None, efforts=None):
        """The bulk path: appends many items in one C call, all or nothing.

        ids is a sequence of str; titles a sequence of str/None; values and
        efforts sequences of numbers (None or NaN: unset) or buffers such as
        numpy float64 arrays. Returns the range of the new positions.
        """
        start = len(self)
        lpcore.lp_backlog_add_items(self._b, ids, titles, values, efforts)
        return range(start, len(self))

    @_serialised
    def remove_item(self, item):
        """Removes an item (an Item or an id) and its dependencies."""
        ptr = self._item_ptr(item)
        lpcore.lp_backlog_remove_item(self._b, ptr)
        self._gen += 1

    def move_item(self, item, position):
        """Moves an item to a 0-based position of the manual order."""
        try:
            lpcore.lp_backlog_move_item(self._b, self._item_ptr(item), position)
        except BusyError:
            _wait_for_other_scorer(self)
            self.move_item(item, position)

    # dependencies
    def add_dependency(self, dependent, prerequisite):
        """Records that dependent depends on prerequisite (Items or ids)."""
        try:
            lpcore.lp_backlog_add_dependency(self._b, self._item_ptr(dependent),
                                             self._item_ptr(prerequisite))
        except BusyError:
            _wait_for_other_scorer(self)
            self.add_dependency(dependent, prerequisite)

    def add_dependencies(self, dependents, prerequisites):
        """The bulk path for dependencies, all or nothing: two equally long
        sequences of manual-order positions (or integer buffers such as
        array.array('I') or numpy uint32 arrays); dependents[i] depends on
        prerequisites[i]."""
        try:
            lpcore.lp_backlog_add_dependencies(self._b, dependents, prerequisites)
        except BusyError:
            _wait_for_other_scorer(self)
            self.add_dependencies(dependents, prerequisites)

    def remove_dependency(self, dependent, prerequisite):
        """Returns whether the dependency existed."""
        try:
            return lpcore.lp_backlog_remove_dependency(self._b, self._item_ptr(dependent),
                                                       self._item_ptr(prerequisite))
        except BusyError:
            _wait_for_other_scorer(self)
            return self.remove_dependency(dependent, prerequisite)

    def has_dependency(self, dependent, prerequisite):
        """Whether dependent directly depends on prerequisite."""
        return lpcore.lp_backlog_has_dependency(self._b, self._item_ptr(dependent),
                                                self._item_ptr(prerequisite))

    @property
    def n_dependencies(self):
        return lpcore.lp_backlog_get_n_dependencies(self._b)

    def prerequisites(self, item):
        """The Items that item directly depends on, in the order recorded."""
        return self._items(lpcore.lp_backlog_dup_prerequisites(self._b, self._item_ptr(item)))

    def dependents(self, item):
        """The Items that directly depend on item, in manual order."""
        return self._items(lpcore.lp_backlog_dup_dependents(self._b, self._item_ptr(item)))

    def blockers(self, item):
        """The direct prerequisites of item that are not done."""
        return self._items(lpcore.lp_backlog_dup_blockers(self._b, self._item_ptr(item)))

    def is_ready(self, item):
        """Whether item is open and every direct prerequisite is done."""
        return lpcore.lp_backlog_item_is_ready(self._b, self._item_ptr(item))

    # ordering
    @_serialised
    def order(self, model=None, lenient=False, inherit=False):
        """What to build next: the open items in order (see the C docs).

        model is a ScoreModel, a model name ("wsjf", "formula:...") or None
        (value/effort). Strict mode raises CycleError (with ``.cycle``) when
        open items form a cycle; lenient mode orders around it and reports
        the items left out in ``Ranking.excluded``. With inherit, an item's
        effective score is at least that of the best item that
        (transitively) depends on it (priority inheritance).
        """
        m = _model_arg(model)
        flags = lpcore.LP_ORDER_LENIENT if lenient else lpcore.LP_ORDER_STRICT
        if inherit:
            flags |= lpcore.LP_ORDER_INHERIT_PRIORITY
        r = lpcore.lp_backlog_order(self._b, m, flags)
        return Ranking._wrap(self, r, inherit)

    @_serialised
    def next(self, n=1, model=None, inherit=False):
        """The best n items that are ready now (compared by effective score
        with inherit)."""
        m = _model_arg(model)
        flags = lpcore.LP_ORDER_INHERIT_PRIORITY if inherit else lpcore.LP_ORDER_STRICT
        r = lpcore.lp_backlog_next_full(self._b, m, n, flags)
        return Ranking._wrap(self, r, inherit)

    @_serialised
    def cycles(self, open_only=False):
        """The dependency cycle groups, as Cycle records (empty if none)."""
        scope = lpcore.LP_CYCLES_OPEN_ONLY if open_only else lpcore.LP_CYCLES_ALL
        c = lpcore.lp_backlog_find_cycles(self._b, scope)
        cycles = []
        for g in range(lpcore.lp_cycles_get_n_groups(c)):
            members = [lpcore.lp_item_get_id(lpcore.lp_cycles_get_member(c, g, i))
                       for i in range(lpcore.lp_cycles_get_group_size(c, g))]
            path = [lpcore.lp_item_get_id(lpcore.lp_cycles_get_path_item(c, g, i))
                    for i in range(lpcore.lp_cycles_get_path_length(c, g))]
            cycles.append(Cycle(members, path, lpcore.lp_cycles_format_path(c, g)))
        return cycles


#: Every live Backlog by the address of its C backlog, so that a custom
#: model's function gets Items of the caller's Backlog object.
_BACKLOGS = weakref.WeakValueDictionary()
