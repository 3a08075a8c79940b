"""The block models the reader makes most often write their own ``__init__`` (for speed, see ``blocks.py``): each must
take the parameters, in order and with the defaults, that the frozen dataclass would generate, and set every field."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from ehcp_standard.convert import Cell, Flag, Location, Paragraph, Row, Segment

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
