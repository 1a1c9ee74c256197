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
"""

import math
from collections import namedtuple

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
)

__all__ = [
    "Backlog", "Item", "ScoreModel", "Ranking", "Entry", "Exclusion", "Cycle",
    "Error", "InvalidValueError", "DuplicateIdError", "UnknownItemError",
    "SelfDependencyError", "CycleError", "ParentCycleError", "ParseError",
    "FormatError", "LpIOError", "KINDS", "STATUSES", "FILE_FORMAT",
    "__version__", "version_info",
]

for _cls in (Error, InvalidValueError, DuplicateIdError, UnknownItemError,
             SelfDependencyError, CycleError, ParentCycleError, ParseError,
             FormatError, LpIOError):
    _cls.__module__ = __name__
del _cls

#: The run-time version of the C library, e.g. "0.1.0".
__version__ = lpcore.lp_get_version_string()
#: The run-time version as a (major, minor, micro) tuple.
version_info = (lpcore.lp_get_major_version(), lpcore.lp_get_minor_version(),
                lpcore.lp_get_micro_version())

#: The "format" of the JSON documents this version reads and writes.
FILE_FORMAT = lpcore.LP_FILE_FORMAT


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


# --- score models ------------------------------------------------------------

class ScoreModel:
    """A scoring model; ``ScoreModel.value_effort()`` scores value / effort."""

    __slots__ = ("_m",)

    def __init__(self, name="value-effort"):
        self._m = lpcore.LpScoreModel(name)

    @classmethod
    def _wrap(cls, m):
        self = cls.__new__(cls)
        self._m = m
        return self

    @classmethod
    def value_effort(cls):
        """The value/effort model: unvalued or unestimated items are unscored."""
        return cls._wrap(lpcore.lp_score_model_new_value_effort())

    @classmethod
    def by_name(cls, name):
        """The model of that name ("value-effort"); InvalidValueError if unknown."""
        return cls._wrap(lpcore.lp_score_model_new_by_name(name))

    @property
    def name(self):
        return lpcore.lp_score_model_get_name(self._m)

    def score(self, item):
        """The item's score, or None when the model cannot score it."""
        if not isinstance(item, Item):
            raise TypeError("score() needs an Item, not %s" % type(item).__name__)
        return lpcore.lp_score_model_score_item(self._m, item._p())

    def __repr__(self):
        return "<ScoreModel %r>" % self.name


def _model_arg(model):
    """(C model or None, the object that keeps it alive)."""
    if model is None:
        return None
    if isinstance(model, ScoreModel):
        return model._m
    if isinstance(model, str):
        return ScoreModel.by_name(model)._m
    raise TypeError("model must be a ScoreModel, a model name or None, not %s"
                    % type(model).__name__)


# --- items -------------------------------------------------------------------

class Item:
    """One item of a :class:`Backlog`; obtained from the backlog, never built.

    An Item keeps its backlog alive. Two Item objects are equal when they
    name the same id in the same backlog. Using an Item whose item was
    removed raises UnknownItemError.
    """

    __slots__ = ("_backlog", "_ptr", "_id", "_gen", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("items are created by Backlog.add_item()")

    @classmethod
    def _wrap(cls, backlog, ptr, id=None):
        self = object.__new__(cls)
        self._backlog = backlog
        self._ptr = ptr
        self._id = lpcore.lp_item_get_id(ptr) if id is None else id
        self._gen = backlog._gen
        return self

    @classmethod
    def _lazy(cls, backlog, id):
        """An Item for an id, resolved on first use."""
        self = object.__new__(cls)
        self._backlog = backlog
        self._ptr = None
        self._id = id
        self._gen = -1
        return self

    def _p(self):
        """The C item; looked up again after any removal from the backlog
        (an LpItem pointer dies with its item)."""
        backlog = self._backlog
        if self._gen != backlog._gen:
            self._ptr = lpcore.lp_backlog_lookup_item(backlog._b, self._id)
            self._gen = backlog._gen
        return self._ptr

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
        lpcore.lp_item_set_title(self._p(), "" if title is None else title)

    @property
    def description(self):
        return lpcore.lp_item_get_description(self._p())

    @description.setter
    def description(self, description):
        lpcore.lp_item_set_description(self._p(), "" if description is None else description)

    # classification
    @property
    def kind(self):
        """The kind's name ("story", "epic", ...); see KINDS."""
        return lpcore.lp_item_kind_to_string(lpcore.lp_item_get_kind(self._p()))

    @kind.setter
    def kind(self, kind):
        lpcore.lp_item_set_kind(self._p(), _kind_arg(kind))

    @property
    def status(self):
        """The status's name ("todo", "in_progress", "done", "dropped")."""
        return lpcore.lp_item_status_to_string(lpcore.lp_item_get_status(self._p()))

    @status.setter
    def status(self, status):
        lpcore.lp_item_set_status(self._p(), _status_arg(status))

    # numbers
    @property
    def value(self):
        """The value (>= 0), or None when unvalued; set None to clear."""
        p = self._p()
        return lpcore.lp_item_get_value(p) if lpcore.lp_item_has_value(p) else None

    @value.setter
    def value(self, value):
        if value is None:
            lpcore.lp_item_clear_value(self._p())
        else:
            lpcore.lp_item_set_value(self._p(), value)

    @property
    def effort(self):
        """The effort (> 0), or None when unestimated; set None to clear."""
        p = self._p()
        return lpcore.lp_item_get_effort(p) if lpcore.lp_item_has_effort(p) else None

    @effort.setter
    def effort(self, effort):
        if effort is None:
            lpcore.lp_item_clear_effort(self._p())
        else:
            lpcore.lp_item_set_effort(self._p(), effort)

    # hierarchy
    @property
    def parent(self):
        """The parent Item or None; set an Item, an id or None."""
        parent = lpcore.lp_item_get_parent(self._p())
        return None if parent is None else Item._wrap(self._backlog, parent)

    @parent.setter
    def parent(self, parent):
        p = self._p()
        lpcore.lp_item_set_parent(p, None if parent is None
                                  else self._backlog._item_ptr(parent))

    # labels
    @property
    def labels(self):
        """The labels, as a tuple."""
        p = self._p()
        return tuple(lpcore.lp_item_get_label(p, i)
                     for i in range(lpcore.lp_item_get_n_labels(p)))

    def add_label(self, label):
        """Adds a label (nothing happens if the item has it already)."""
        lpcore.lp_item_add_label(self._p(), label)

    def remove_label(self, label):
        """Removes a label; returns whether the item had it."""
        return lpcore.lp_item_remove_label(self._p(), label)

    def has_label(self, label):
        return lpcore.lp_item_has_label(self._p(), label)

    # attributes
    @property
    def attributes(self):
        """The numeric attributes, as a new dict (changes do not write back)."""
        p = self._p()
        return {name: lpcore.lp_item_get_attribute(p, name)
                for name in lpcore.lp_item_dup_attribute_names(p)}

    def get_attribute(self, name, default=None):
        value = lpcore.lp_item_get_attribute(self._p(), name)
        return default if value is None else value

    def set_attribute(self, name, value):
        lpcore.lp_item_set_attribute(self._p(), name, value)

    def unset_attribute(self, name):
        """Removes an attribute; returns whether the item had it."""
        return lpcore.lp_item_unset_attribute(self._p(), name)

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
        except UnknownItemError:
            return "<Item %s (removed)>" % self._id
        text = "<Item %s %r" % (self._id, lpcore.lp_item_get_title(p))
        if lpcore.lp_item_has_value(p):
            text += " value=%g" % lpcore.lp_item_get_value(p)
        if lpcore.lp_item_has_effort(p):
            text += " effort=%g" % lpcore.lp_item_get_effort(p)
        return text + ">"


def _kind_arg(kind):
    if isinstance(kind, str):
        return lpcore.lp_item_kind_from_string(kind)
    raise TypeError("kind must be a str such as 'story', not %s" % type(kind).__name__)


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
    """

    __slots__ = ("_backlog", "_r", "_gen", "_ids", "_scores", "_excluded", "_model")

    def __init__(self, *args, **kwargs):
        raise TypeError("rankings are computed by Backlog.order() or Backlog.next()")

    @classmethod
    def _wrap(cls, backlog, r, model_name):
        self = object.__new__(cls)
        self._backlog = backlog
        self._r = r
        self._gen = backlog._gen
        self._ids = r.ids()
        self._scores = r.scores()
        self._model = model_name
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
    def excluded(self):
        """The open items that could not be ordered, as Exclusion records."""
        return list(self._excluded)

    def to_records(self):
        """One dict per ranked item: rank (from 1), id, score, value, effort, title
        (e.g. for ``pandas.DataFrame(ranking.to_records())``)."""
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

    __slots__ = ("_b", "_gen", "__weakref__")

    def __init__(self, name=None, vision=None):
        self._b = lpcore.LpBacklog()
        self._gen = 0
        if name is not None:
            self.name = name
        if vision is not None:
            self.vision = vision

    @classmethod
    def _wrap(cls, b):
        self = cls.__new__(cls)
        self._b = b
        self._gen = 0
        return self

    # files
    @classmethod
    def load(cls, path):
        """Reads a `libproduct/1` JSON file."""
        return cls._wrap(lpcore.lp_backlog_load_file(path))

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
        ';'-separated string), labels and attributes; missing keys, None and
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
            for key in ("kind", "status", "description"):
                if not _is_missing(record.get(key)):
                    item = item or get_item()
                    setattr(item, key, record[key])
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
        lpcore.lp_backlog_set_name(self._b, name)

    @property
    def vision(self):
        """The product vision ("" when unset; set None to clear)."""
        return lpcore.lp_backlog_get_vision(self._b)

    @vision.setter
    def vision(self, vision):
        lpcore.lp_backlog_set_vision(self._b, vision)

    # container protocol
    def __len__(self):
        return lpcore.lp_backlog_get_n_items(self._b)

    def __iter__(self):
        b = self._b
        position = 0
        while position < lpcore.lp_backlog_get_n_items(b):
            yield Item._wrap(self, lpcore.lp_backlog_get_item_at(b, position))
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
        return Item._wrap(self, lpcore.lp_backlog_get_item_at(self._b, position))

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
                 description=None):
        """Appends an item and returns it; all or nothing: if any field is
        invalid the backlog is left as it was."""
        kind = None if kind is None else _kind_arg(kind)
        status = None if status is None else _status_arg(status)
        parent_ptr = None if parent is None else self._item_ptr(parent)
        if isinstance(labels, str):
            labels = [labels]
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
        except BaseException:
            lpcore.lp_backlog_remove_item(self._b, ptr)
            self._gen += 1
            raise
        return Item._wrap(self, ptr, id)

    def add_items(self, ids, titles=None, values=None, efforts=None):
        """The bulk path: appends many items in one C call, all or nothing.

        ids is a sequence of str; titles a sequence of str/None; values and
        efforts sequences of numbers (None or NaN: unset) or buffers such as
        numpy float64 arrays. Returns the range of the new positions.
        """
        start = len(self)
        lpcore.lp_backlog_add_items(self._b, ids, titles, values, efforts)
        return range(start, len(self))

    def remove_item(self, item):
        """Removes an item (an Item or an id) and its dependencies."""
        ptr = self._item_ptr(item)
        lpcore.lp_backlog_remove_item(self._b, ptr)
        self._gen += 1

    def move_item(self, item, position):
        """Moves an item to a 0-based position of the manual order."""
        lpcore.lp_backlog_move_item(self._b, self._item_ptr(item), position)

    # dependencies
    def add_dependency(self, dependent, prerequisite):
        """Records that dependent depends on prerequisite (Items or ids)."""
        lpcore.lp_backlog_add_dependency(self._b, self._item_ptr(dependent),
                                         self._item_ptr(prerequisite))

    def add_dependencies(self, dependents, prerequisites):
        """The bulk path for dependencies, all or nothing: two equally long
        sequences of manual-order positions (or integer buffers such as
        array.array('I') or numpy uint32 arrays); dependents[i] depends on
        prerequisites[i]."""
        lpcore.lp_backlog_add_dependencies(self._b, dependents, prerequisites)

    def remove_dependency(self, dependent, prerequisite):
        """Returns whether the dependency existed."""
        return lpcore.lp_backlog_remove_dependency(self._b, self._item_ptr(dependent),
                                                   self._item_ptr(prerequisite))

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
    def order(self, model=None, lenient=False):
        """What to build next: the open items in order (see the C docs).

        Strict mode raises CycleError (with ``.cycle``) when open items form
        a cycle; lenient mode orders around it and reports the items left
        out in ``Ranking.excluded``.
        """
        m = _model_arg(model)
        flags = lpcore.LP_ORDER_LENIENT if lenient else lpcore.LP_ORDER_STRICT
        r = lpcore.lp_backlog_order(self._b, m, flags)
        return Ranking._wrap(self, r, _model_name(m))

    def next(self, n=1, model=None):
        """The best n items that are ready now."""
        m = _model_arg(model)
        r = lpcore.lp_backlog_next(self._b, m, n)
        return Ranking._wrap(self, r, _model_name(m))

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


_DEFAULT_MODEL = lpcore.lp_score_model_get_name(lpcore.lp_score_model_new_value_effort())


def _model_name(m):
    return _DEFAULT_MODEL if m is None else lpcore.lp_score_model_get_name(m)
