"""The block models the reader makes most often write their own ``__init__`` (for speed, see ``blocks.py``): each must
take the parameters, in order and with the defaults, that the frozen dataclass would generate, and set every field.
:class:`Location` keeps its hash and a document its walk of the body; the reader tries its typed-bullet pattern only
on text starting with a character the pattern can start with. Each must behave as the plain version did."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from ehcp_standard.convert import BlockDocument, Cell, Flag, Location, Paragraph, Row, Segment, Table
from ehcp_standard.convert._segments import _TYPED_BULLET, _TYPED_BULLET_STARTS, _typed_list_item

_HAND_WRITTEN = [Location, Segment, Paragraph, Cell, Row]


@pytest.mark.parametrize("model", _HAND_WRITTEN, ids=lambda model: model.__name__)
def test_a_hand_written_init_takes_the_fields_in_order_with_their_defaults(model):
    fields = dataclasses.fields(model)
    parameters = list(inspect.signature(model.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [inspect.Parameter.empty if f.default is dataclasses.MISSING
                                               else f.default for f in fields]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)


@pytest.mark.parametrize("model", _HAND_WRITTEN, ids=lambda model: model.__name__)
def test_a_hand_written_init_sets_every_field_and_keeps_the_model_frozen(model):
    values = {f.name: object() for f in dataclasses.fields(model)}
    made = model(**values)
    assert all(getattr(made, name) is value for name, value in values.items())
    assert vars(made) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.location = None


def test_models_made_by_a_hand_written_init_compare_hash_and_replace_as_before():
    location = Location("word/document.xml", "body").child("paragraph 1")
    segment = Segment("Sam", frozenset({Flag.FIELD}), field="MERGEFIELD Name")
    paragraph = Paragraph("Sam", None, location, segments=(segment,))
    assert location == Location("word/document.xml", "body › paragraph 1")
    assert hash(segment) == hash(Segment("Sam", frozenset({Flag.FIELD}), None, "MERGEFIELD Name"))
    assert dataclasses.replace(paragraph, style="Normal") == Paragraph("Sam", "Normal", location, frozenset(),
                                                                       (segment,))
    assert repr(Row((), location)) == f"Row(cells=(), location={location!r}, flags=frozenset())"


def test_a_location_hashes_and_compares_as_the_generated_methods_would():
    location = Location("word/document.xml", "body › paragraph 1")
    same = Location("word/document.xml", "body › paragraph 1")
    assert hash(location) == hash(("word/document.xml", "body › paragraph 1")) == hash(same)
    assert hash(location) == hash(location)  # the kept hash is the one worked out first
    assert location == same
    assert location != Location("word/document.xml", "body › paragraph 2")
    assert location != Location("word/footer1.xml", "body › paragraph 1")
    assert location != ("word/document.xml", "body › paragraph 1")
    assert {location: 1}[same] == 1


def test_a_location_with_a_kept_hash_copies_and_pickles_from_its_fields_alone():
    location = Location("word/document.xml", "body › paragraph 1")
    hash(location)
    for copied in (copy.copy(location), copy.deepcopy(location), pickle.loads(pickle.dumps(location)),
                   dataclasses.replace(location)):
        assert copied == location and vars(copied) == {"part": location.part, "path": location.path}
    assert repr(location) == "Location(part='word/document.xml', path='body › paragraph 1')"


def test_iter_blocks_walks_the_body_once_and_yields_what_the_walk_yields():
    location = Location("word/document.xml", "body")
    inner = Paragraph("in a cell", None, location.child("table 1 › row 1 › cell 1 › paragraph 1"))
    cell = Cell((inner,), 1, None, location.child("table 1 › row 1 › cell 1"))
    table = Table((Row((cell,)),), location.child("table 1"))
    first = Paragraph("first", None, location.child("paragraph 1"))
    document = BlockDocument("plan.docx", (first, table))
    assert list(document.iter_blocks()) == [first, table, inner] == list(document.iter_blocks())
    assert document == BlockDocument("plan.docx", (first, table))


def test_the_typed_bullet_pre_check_lets_through_every_character_the_pattern_can_start_with():
    tails = (" x", "\tx", "\t\tx", " \tx", " - x", "\t• x", " o\tx")
    starts = {chr(code) for code in range(0x3000) for tail in tails if _TYPED_BULLET.match(chr(code) + tail)}
    assert starts <= _TYPED_BULLET_STARTS
    assert _typed_list_item("Sam likes trains", None, Location("p", "q"), frozenset(), ()) is None
